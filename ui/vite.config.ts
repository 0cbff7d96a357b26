/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The built UI is embedded by Tauri (frontendDist = "../ui/dist") and runs under a strict CSP:
// no inline scripts or styles, nothing remote. Vite's defaults already emit external files only.
export default defineConfig({
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The system WebKit (webkit2gtk 4.1) is the only browser this code runs in.
    target: "safari15",
    // Keep every asset a file: `data:` URLs for fonts/scripts would fall foul of the CSP.
    assetsInlineLimit: 0,
    // A modulepreload polyfill is unnecessary in WebKit and would only add code.
    modulePreload: { polyfill: false },
  },
  server: { strictPort: true },
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts"],
  },
});

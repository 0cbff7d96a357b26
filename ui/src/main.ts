/** Entry point: styles, then the shell against the real backend. */
import "./style.css";
import { api } from "./api";
import { mountApp } from "./app";
import { unlockIfNeeded } from "./unlock";

const root = document.getElementById("app");
// An encrypted register asks for its passphrase before anything else shows.
if (root) void unlockIfNeeded(root, api).then(() => mountApp(root, api).show());

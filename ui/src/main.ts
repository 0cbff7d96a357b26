/** Entry point: styles, then the officer's language, the unlock screen if needed, and the shell. */
import "./style.css";
import { api } from "./api";
import { startApp } from "./app";

const root = document.getElementById("app");
if (root) void startApp(root, api);

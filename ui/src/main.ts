/** Entry point: styles, then the shell against the real backend. */
import "./style.css";
import { api } from "./api";
import { mountApp } from "./app";

const root = document.getElementById("app");
if (root) void mountApp(root, api).show();

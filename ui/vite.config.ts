/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri 2 conventions: fixed dev port (tauri.conf.json devUrl), no screen
// clearing so Rust output stays visible, and a target the Tauri webviews
// support (WebView2/Chromium 105 on Windows, WebKit/Safari 15 elsewhere).
const host = process.env.TAURI_DEV_HOST;

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    host: host || false,
    hmr: host ? { protocol: "ws", host, port: 1421 } : undefined,
  },
  envPrefix: ["VITE_", "TAURI_ENV_*"],
  build: {
    target: ["es2021", "chrome105", "safari15"],
    outDir: "dist",
    emptyOutDir: true,
    // Never inline assets as data: URLs; keeps the CSP simple.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});

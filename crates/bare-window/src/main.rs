//! A bare Tauri window: the reference the app benchmark (scripts/app-bench.sh)
//! compares Intel Desk's start-up and memory against. Nothing but the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("bare-window: {e}");
        std::process::exit(1);
    }
}

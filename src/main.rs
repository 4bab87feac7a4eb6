//! The WASM module's entry point, run when `embed.js` initialises the module.
//!
//! One module serves the app's own page and any number of `<debate-drill>` elements on a course
//! page, so nothing starts here: `main` only hands the entry points to JavaScript
//! (`debate_drill::embed::register`). `loader.js` (the app's page) then calls `startPage`, and
//! `embed.js` calls `mount` once per element.

fn main() {
    debate_drill::embed::register();
}

// Smaller than std's dlmalloc in the WASM (3 KB gzip), and faster.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

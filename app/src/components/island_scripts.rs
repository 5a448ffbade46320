//! The scripts that make the page's islands interactive, loaded only on a
//! page that has one.
//!
//! Leptos' `HydrationScripts` preloads the JavaScript and the wasm on every
//! page and runs them when the browser is idle. Most of Voces' pages have
//! no island (there are two: the home page's filter of the councils and the
//! attendance sheet), yet every first visit downloaded the 213 KB (gzip)
//! wasm. Here the page's own small module looks for an interactive
//! `<leptos-island>` once the document is parsed (module scripts run then,
//! after every streamed part is in) and only then loads the JavaScript and
//! the wasm.
use leptos::prelude::*;

/// What the page runs. `leptos_i18n` makes its context provider an island
/// around the whole page (so that islands inside it get the language):
/// a page whose only island is that one has nothing interactive, and runs
/// nothing. Otherwise, when the browser is idle, the wasm is loaded, the
/// islands' runtime started (`hydrate`) and the islands hydrated in
/// document order, each inside another after it, with the context of the
/// island around it (the callback an island leaves on its
/// `<leptos-children>`, called before an island within them is hydrated).
const LOADER: &str = r#"(pkg, js, wasm) => {
  const interactive = 'leptos-island:not([data-component^="I18nContextProvider"])';
  if (!document.querySelector(interactive)) return;
  const start = async () => {
    const mod = await import(`/${pkg}/${js}.js`);
    await mod.default({ module_or_path: `/${pkg}/${wasm}.wasm` });
    mod.hydrate();
    const around = [];
    const visit = async (node) => {
      for (const el of node.children) {
        const tag = el.tagName.toLowerCase();
        if (tag === "leptos-island") {
          const context = around[around.length - 1];
          if (context) context();
          const island = mod[el.dataset.component];
          if (island) await island(el);
          else console.warn(`no island ${el.dataset.component}`);
          await visit(el);
        } else if (tag === "leptos-children") {
          around.push(el.$$on_hydrate);
          await visit(el);
          around.pop();
        } else {
          await visit(el);
        }
      }
    };
    await visit(document.body);
  };
  if ("requestIdleCallback" in window) requestIdleCallback(start);
  else start();
}"#;

/// In the shell's `<head>`, instead of Leptos' `HydrationScripts`.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    if options.hash_files {
        // Hashed file names come from a file Leptos' own scripts read.
        return view! { <HydrationScripts options islands=true /> }.into_any();
    }
    // As Leptos' scripts do in islands mode: the server renders the page
    // as not hydrating, only islands are.
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let pkg = options.site_pkg_dir.to_string();
    let js = options.output_name.to_string();
    // cargo-leptos names the wasm as the output (wasm-bindgen alone adds
    // `_bg`), as Leptos' own scripts assume.
    let wasm = match option_env!("LEPTOS_OUTPUT_NAME") {
        Some(_) => js.clone(),
        None => format!("{js}_bg"),
    };
    let nonce = leptos::nonce::use_nonce();
    let script = format!("({LOADER})({pkg:?}, {js:?}, {wasm:?});");
    view! { <script type="module" nonce=nonce>{script}</script> }.into_any()
}

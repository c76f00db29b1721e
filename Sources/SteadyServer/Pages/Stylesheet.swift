/// The pages' one stylesheet (served at `/static/steady.css`; the Content-Security-Policy allows
/// no inline style). Mobile first: one column, readable at 360 px, large touch targets; text
/// and controls keep a contrast of at least 4.5:1; focus is always visible.
enum Stylesheet {
    static let css = """
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --paper: #ffffff; --accent: #0b5cab; --danger: #a4161a; --warn: #7a4b00; --line: #c9c9c9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1.05rem/1.5 system-ui, sans-serif; color: var(--ink); background: var(--paper); }
        header, main, footer { max-width: 44rem; margin: 0 auto; padding: 0.75rem 1rem; }
        header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; margin: 0; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0; padding: 0; }
        nav form { margin: 0; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, label:focus-within { outline: 3px solid #ff9e1b; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: 0.5rem; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; } h3 { font-size: 1.05rem; margin-bottom: 0.25rem; }
        label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
        input[type=number], input:not([type]), input[type=password], select, textarea { font: inherit; padding: 0.6rem; min-height: 2.75rem; width: 100%; border: 1px solid var(--muted); border-radius: 0.4rem; }
        button { font: inherit; min-height: 2.75rem; padding: 0.5rem 1.25rem; border: 0; border-radius: 0.4rem; background: var(--accent); color: #fff; font-weight: 600; }
        button.link { background: none; color: var(--accent); padding: 0; min-height: 0; text-decoration: underline; font-weight: 400; }
        fieldset { border: 1px solid var(--line); border-radius: 0.5rem; margin: 0 0 1rem; padding: 0.75rem; }
        legend { font-weight: 700; padding: 0 0.25rem; }
        .hint { font-weight: 400; color: var(--muted); }
        .flags { border-color: var(--danger); }
        .chip { display: inline-flex; align-items: center; gap: 0.4rem; font-weight: 400; border: 1px solid var(--muted); border-radius: 1.5rem; padding: 0.45rem 0.8rem; margin: 0.25rem 0.25rem 0 0; min-height: 2.75rem; }
        .scale-row { display: grid; grid-template-columns: repeat(11, 1fr); gap: 0.2rem; }
        .scale-row label { text-align: center; font-weight: 400; border: 1px solid var(--muted); border-radius: 0.3rem; padding: 0.5rem 0; margin: 0; min-height: 2.75rem; }
        .scale-row input { position: absolute; opacity: 0; }
        .scale-row label:has(input:checked) { background: var(--accent); color: #fff; border-color: var(--accent); }
        .alert, .card { border-left: 0.5rem solid var(--warn); background: #fff7e6; padding: 0.75rem 1rem; margin: 1rem 0; }
        .alert-emergency, .alert-crisis, .card-emergency, .card-crisis { border-color: var(--danger); background: #fdecec; }
        .card { min-height: 70vh; font-size: 1.2rem; }
        .card h1 { color: var(--danger); font-size: 1.8rem; }
        .item { border-top: 1px solid var(--line); padding: 0.5rem 0; }
        .marks { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0; }
        button.mark { background: var(--paper); color: var(--accent); border: 2px solid var(--accent); font-weight: 600; }
        button.mark[aria-pressed=true] { background: var(--accent); color: #fff; }
        button.mark[aria-pressed=true]::before { content: "✓ "; }
        .because, .minutes, .note, footer { color: var(--muted); }
        .error { color: var(--danger); font-weight: 600; }
        .badge { display: inline-block; border-radius: 0.3rem; padding: 0.1rem 0.4rem; background: #fff7e6; color: var(--warn); font-size: 0.9rem; }
        .badge-emergency, .badge-crisis { background: #fdecec; color: var(--danger); }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 0.4rem; }
        caption { text-align: left; font-weight: 700; }
        figure { margin: 1rem 0; } figcaption { font-weight: 700; }
        svg { width: 100%; height: auto; }
        pre.explanation { white-space: pre-wrap; font: inherit; }
        code, pre.explanation, td, th { overflow-wrap: anywhere; }
        """
}

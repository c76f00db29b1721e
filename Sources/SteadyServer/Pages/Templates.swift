import Mustache

/// The pages' Mustache templates, compiled into the binary (a copied `steady` needs no
/// resource folder). Values are HTML-escaped by `{{name}}`; nothing is rendered unescaped.
/// Every page: `lang`, a skip link, landmarks (header, nav, main), labels on every control, no
/// inline script or style (the Content-Security-Policy allows neither).
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in all { try! library.register(text, named: name) }
        return library
    }()

    static func render(_ name: String, _ object: [String: Any]) -> String {
        library.render(object, withTemplate: name) ?? ""
    }

    static let all: [(String, String)] = [
        ("head", head), ("foot", foot), ("login", login), ("checkin", checkIn), ("plan", plan), ("emergency", emergency),
        ("why", why), ("message", message), ("history", history), ("patients", patients), ("patient", patient), ("audit", audit), ("auditplan", auditPlan), ("ruleset", ruleSet), ("impact", impact),
    ]

    static let head = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Steady</title>
        <link rel="stylesheet" href="/static/steady.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header><p class="brand">Steady</p>
        {{#account}}<nav aria-label="Main"><ul>{{#links}}<li><a href="{{href}}">{{label}}</a></li>{{/links}}
        <li><form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link">Sign out {{name}}</button></form></li></ul></nav>{{/account}}
        </header>
        <main id="main">
        """

    static let foot = """
        </main>
        <footer><p>Self-management suggestions from your clinic's rule set, not medical advice. In an emergency, call your local emergency number.</p></footer>
        </body>
        </html>
        """

    static let login = """
        {{> head}}
        <h1>Sign in</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/login">
        <p><label for="name">Name</label><input id="name" name="name" autocomplete="username" required maxlength="64"></p>
        <p><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        {{> foot}}
        """

    static let checkIn = """
        {{> head}}
        <h1>Today's check-in</h1>
        <p>Answer what you like; anything you skip stays unknown, never zero.</p>
        {{#hasErrors}}<div class="error" role="alert"><p>Please check:</p><ul>{{#errors}}<li>{{.}}</li>{{/errors}}</ul></div>{{/hasErrors}}
        <form method="post" action="/checkin">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="flags"><legend>Any of these today? They come first.</legend>
        {{#redFlags}}<label class="chip"><input type="checkbox" name="red_flags" value="{{value}}"> {{label}}</label>{{/redFlags}}
        </fieldset>
        {{#scales}}
        <fieldset class="scale"><legend>{{label}} <span class="hint">0 none – 10 worst</span></legend>
        <div class="scale-row">{{#points}}<label><input type="radio" name="{{name}}" value="{{value}}"><span>{{value}}</span></label>{{/points}}</div>
        </fieldset>
        {{/scales}}
        <p><label for="sleep">Hours slept last night</label><input id="sleep" name="sleep.hours" type="number" min="0" max="24" step="0.5" inputmode="decimal"></p>
        <p><label for="minutes">Minutes free for yourself today</label><input id="minutes" name="minutes_available" type="number" min="0" max="600" step="5" inputmode="numeric"></p>
        <fieldset><legend>What made your neck worse today?</legend>
        {{#triggers}}<label class="chip"><input type="checkbox" name="triggers" value="{{value}}"> {{label}}</label>{{/triggers}}
        </fieldset>
        <p><button type="submit">Save and see my plan</button></p>
        </form>
        {{> foot}}
        """

    static let plan = """
        {{> head}}
        <h1>Your plan for {{date}}</h1>
        {{#alerts}}<section class="alert alert-{{level}}" role="alert" aria-labelledby="alert-{{index}}"><h2 id="alert-{{index}}">{{banner}}</h2><p>{{message}}</p>
        {{#hasSteps}}<ol>{{#steps}}<li>{{.}}</li>{{/steps}}</ol>{{/hasSteps}}</section>{{/alerts}}
        {{#slots}}<section aria-labelledby="slot-{{name}}"><h2 id="slot-{{name}}">{{title}}</h2>
        {{#items}}<article class="item" id="item-{{action}}"><h3>{{title}}{{#minutes}} <span class="minutes">({{minutes}} min)</span>{{/minutes}}</h3>
        <p class="because">Because {{because}}.</p>
        <ol>{{#steps}}<li>{{.}}</li>{{/steps}}</ol>
        <p><a href="/plans/{{plan}}/why/{{action}}">Why this?</a></p>
        <form class="marks" method="post" action="/plans/{{plan}}/items/{{action}}/marks" aria-label="Mark {{title}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#marks}}<button type="submit" name="mark" value="{{mark}}" class="mark" aria-pressed="{{pressed}}">{{label}}</button>{{/marks}}
        </form></article>{{/items}}
        </section>{{/slots}}
        {{^slots}}{{^alerts}}<p>Nothing in particular today: keep doing what works for you.</p>{{/alerts}}{{/slots}}
        <p class="total">{{total}}</p>
        {{#profile}}<p class="note">{{.}}</p>{{/profile}}
        <p><a href="/checkin">Check in again</a> · <a href="/history">My history</a></p>
        {{> foot}}
        """

    static let emergency = """
        {{> head}}
        {{#alerts}}<section class="card card-{{level}}" role="alert" aria-labelledby="card-{{index}}">
        <h1 id="card-{{index}}">{{banner}}</h1>
        <p class="card-message">{{message}}</p>
        {{#hasSteps}}<ol>{{#steps}}<li>{{.}}</li>{{/steps}}</ol>{{/hasSteps}}
        </section>{{/alerts}}
        <p>Today's other suggestions are on hold until you have spoken to someone about this.</p>
        {{> foot}}
        """

    static let why = """
        {{> head}}
        <h1>Why: {{action}}</h1>
        <pre class="explanation">{{text}}</pre>
        <p><a href="{{back}}">Back to the plan</a></p>
        {{> foot}}
        """

    static let message = """
        {{> head}}
        <h1>{{heading}}</h1>
        <p>{{text}}</p>
        <p><a href="{{back}}">Back</a></p>
        {{> foot}}
        """

    static let history = """
        {{> head}}
        <h1>{{heading}}</h1>
        <p><a href="?days=30">30 days</a> · <a href="?days=90">90 days</a></p>
        {{#charts}}<figure><figcaption>{{caption}}</figcaption>{{{svg}}}</figure>{{/charts}}
        <table><caption>Check-ins, newest first</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Stress</th><th scope="col">Pain</th><th scope="col">Sleep (h)</th></tr></thead>
        <tbody>{{#rows}}<tr><th scope="row">{{date}}</th><td>{{stress}}</td><td>{{pain}}</td><td>{{sleep}}</td></tr>{{/rows}}</tbody>
        </table>
        {{> foot}}
        """

    static let patients = """
        {{> head}}
        <h1>Patients</h1>
        <table><caption>Alerts first</caption>
        <thead><tr><th scope="col">Patient</th><th scope="col">Last check-in</th><th scope="col">Alerts</th></tr></thead>
        <tbody>{{#rows}}<tr><th scope="row"><a href="/patients/{{patient}}">{{patient}}</a></th><td>{{last}}</td><td>{{#alerts}}<span class="badge badge-{{level}}">{{banner}}</span> {{/alerts}}</td></tr>{{/rows}}</tbody>
        </table>
        {{> foot}}
        """

    static let patient = """
        {{> head}}
        <h1>{{patient}}</h1>
        {{#charts}}<figure><figcaption>{{caption}}</figcaption>{{{svg}}}</figure>{{/charts}}
        <h2>Latest plan</h2>
        {{#plan}}<p>{{date}}: {{summary}}</p>{{/plan}}{{^plan}}<p>No check-in yet.</p>{{/plan}}
        {{> foot}}
        """

    static let audit = """
        {{> head}}
        <h1>Audit trail</h1>
        <form method="post" action="/audit/verify"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Verify the chain</button></form>
        {{#verification}}<section class="result" role="status"><h2>{{headline}}</h2><p>Head: <code>{{head}}</code></p>{{#problem}}<p class="error">{{problem}}</p>{{/problem}}</section>{{/verification}}
        <form method="get" action="/audit"><p><label for="kind">Kind</label><select id="kind" name="kind"><option value="">all</option>{{#kinds}}<option value="{{.}}">{{.}}</option>{{/kinds}}</select>
        <button type="submit">Filter</button></p></form>
        <table><caption>Newest entries</caption>
        <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Kind</th><th scope="col">Record</th></tr></thead>
        <tbody>{{#entries}}<tr><th scope="row">{{id}}</th><td>{{time}}</td><td>{{actor}}</td><td>{{kind}}</td><td>{{#link}}<a href="{{link}}">{{ref}}</a>{{/link}}{{^link}}{{ref}}{{/link}}</td></tr>{{/entries}}</tbody>
        </table>
        {{> foot}}
        """

    static let auditPlan = """
        {{> head}}
        <h1>Plan #{{id}}</h1>
        <p>For {{patient}} on {{date}}; snapshot <code>{{snapshot}}</code>.</p>
        <section class="result" role="status"><h2>{{replayHeadline}}</h2>
        {{#differences}}<p><code>{{.}}</code></p>{{/differences}}</section>
        <h2>Why each item</h2>
        {{#explanations}}<pre class="explanation">{{.}}</pre>{{/explanations}}
        <p><a href="/api/v1/audit/plans/{{id}}/export">The record to keep (JSON)</a></p>
        {{> foot}}
        """

    static let impact = """
        {{> head}}
        <h1>Try a clinic layer</h1>
        <p>Paste a rule file to layer after the rules in force (params, disable, override, rules). Nothing changes: Steady checks it and replays your patients' recent days with it.</p>
        <form method="post" action="/impact">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="layer">Clinic layer (YAML)</label><textarea id="layer" name="layer" rows="12" required>{{layer}}</textarea></p>
        <p><label for="days">Days to replay</label><input id="days" name="days" type="number" min="1" max="365" value="{{days}}"></p>
        <p><button type="submit">Check and show the impact</button></p>
        </form>
        {{#result}}<section class="result" role="status"><h2>{{headline}}</h2><pre class="explanation">{{text}}</pre></section>{{/result}}
        {{> foot}}
        """

    static let ruleSet = """
        {{> head}}
        <h1>Rule set {{name}} {{version}}</h1>
        <p>Hash <code>{{hash}}</code>; {{rulesCount}} rules; tests: {{passed}} passed, {{failed}} failed; {{covered}} of {{rulesCount}} rules fired in some test.</p>
        {{#hasWarnings}}<section aria-labelledby="warnings"><h2 id="warnings">Warnings (steady check)</h2><ul>{{#warnings}}<li><code>{{.}}</code></li>{{/warnings}}</ul></section>{{/hasWarnings}}
        {{^hasWarnings}}<p>steady check: no warnings.</p>{{/hasWarnings}}
        <table><caption>Rules</caption>
        <thead><tr><th scope="col">Rule</th><th scope="col">Why</th><th scope="col">Sources</th></tr></thead>
        <tbody>{{#rules}}<tr><th scope="row">{{title}}<br><code>{{id}}</code></th><td>{{rationale}}</td>
        <td>{{#sources}}<a href="{{url}}">{{label}}</a> {{/sources}}{{#reviewed}}<br>reviewed {{reviewed}}{{/reviewed}}</td></tr>{{/rules}}</tbody>
        </table>
        {{> foot}}
        """
}

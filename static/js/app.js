// Behaviour shared by every page. A static file, not inline script, so a Content Security Policy
// can forbid inline script. htmx's own settings are in <meta name="htmx-config"> in base.html.

// Empty filters stay out of htmx URLs, so a pushed or shared URL names only the filters chosen.
document.addEventListener("htmx:configRequest", (event) => {
  const parameters = event.detail.parameters;
  for (const name of Object.keys(parameters)) {
    if (parameters[name] === "") delete parameters[name];
  }
});

// On a phone the filters would fill the first screen: fold them until asked for.
document.addEventListener("DOMContentLoaded", () => {
  if (window.matchMedia("(max-width: 49.99rem)").matches) {
    document.querySelectorAll("details.filters__panel").forEach((panel) => {
      panel.open = false;
    });
  }
});

// The search box sends its own requests as the analyst types (hx-trigger "input changed delay"); its
// "change" on leaving the box must not reach the filter form, which would send the same request
// again. Stopped here rather than with an hx-trigger filter, which htmx can only run through eval,
// and the Content Security Policy forbids eval.
document.addEventListener(
  "change",
  (event) => {
    if (event.target.matches("form[hx-get] input[type=search]")) event.stopPropagation();
  },
  true,
);

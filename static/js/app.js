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

// A box inside a long facet narrows its entries as the analyst types (accents and case aside); the
// box is hidden without JavaScript, where the whole list shows. The facets are swapped after every
// change, so what was typed is kept here and applied to the new list.
const facetFinds = {};
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function applyFacetFind(box) {
  const words = fold(box.value).trim();
  const list = document.getElementById(box.dataset.facetFind);
  if (!list) return;
  for (const item of list.children) {
    const checked = item.querySelector("input:checked");
    item.hidden = Boolean(words) && !checked && !fold(item.textContent).includes(words);
  }
}

function showFacetFinds(root) {
  root.querySelectorAll("input[data-facet-find]").forEach((box) => {
    box.hidden = false;
    box.value = facetFinds[box.dataset.facetFind] || "";
    applyFacetFind(box);
  });
}

document.addEventListener("DOMContentLoaded", () => showFacetFinds(document));
document.addEventListener("htmx:load", (event) => showFacetFinds(event.target));
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.matches("input[data-facet-find]")) return;
  facetFinds[box.dataset.facetFind] = box.value;
  applyFacetFind(box);
});
// Enter in a facet's box would submit the filters: it only narrows the list.
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("input[data-facet-find]")) event.preventDefault();
});

// The search chip removes the search from the results; the box, outside the swapped region, follows.
document.addEventListener("click", (event) => {
  const chip = event.target.closest("a[data-clears]");
  if (!chip) return;
  const field = document.querySelector(`#filters [name="${chip.dataset.clears}"]`);
  if (field) field.value = "";
});

// The admin's widgets made to name and announce themselves (WCAG 4.1.2 and 4.1.3).
//
// Django's autocomplete (select2) names its combobox by the span that shows the choice, which
// is empty until something is chosen: the combobox is named by its field's label as well.
// Inline rows added by "Add another" get theirs as select2 builds them.
//
// The admin's "Please correct the errors below" is announced and takes focus, as the GOV.UK
// error summary does.

function nameCombobox(combobox) {
  const select = combobox.closest(".select2")?.previousElementSibling;
  const label = select?.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
  if (!label) return;
  if (!label.id) label.id = `${select.id}-label`;
  const shown = combobox.getAttribute("aria-labelledby") || "";
  if (!shown.split(" ").includes(label.id)) {
    combobox.setAttribute("aria-labelledby", `${label.id} ${shown}`.trim());
  }
  // The span inside, which select2 gives the role of a read-only text box, is named the same.
  combobox.querySelector(".select2-selection__rendered[role=textbox]")?.setAttribute("aria-labelledby", label.id);
}

function nameComboboxes(root) {
  root.querySelectorAll?.(".select2-selection[role=combobox]").forEach(nameCombobox);
}

new MutationObserver((changes) => {
  for (const change of changes) change.addedNodes.forEach((node) => nameComboboxes(node));
}).observe(document.documentElement, { childList: true, subtree: true });

document.addEventListener("DOMContentLoaded", () => {
  nameComboboxes(document);
  const errors = document.querySelector(".errornote");
  if (errors) {
    errors.setAttribute("role", "alert");
    errors.tabIndex = -1;
    errors.focus();
  }
});

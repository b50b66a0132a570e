// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy-target]");
  if (copy) {
    const source = document.getElementById(copy.dataset.copyTarget);
    navigator.clipboard?.writeText(source.textContent.trim()).then(() => {
      copy.textContent = "Copied";
    });
  }
  const opener = event.target.closest("[data-dialog]");
  if (opener) {
    const dialog = document.getElementById(opener.dataset.dialog);
    if (dialog?.showModal) {
      event.preventDefault();
      dialog.showModal();
    }
  }
  const closer = event.target.closest("[data-close-dialog]");
  if (closer) {
    closer.closest("dialog")?.close();
  }
});
// Close open menus when clicking elsewhere.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
// "Go back" buttons (hidden without JavaScript): the previous page.
document.querySelectorAll("[data-history-back]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => history.back());
});

// Tabs ("Assign users or groups": Users, Groups): without scripts both panels show one under the other.
document.querySelectorAll("[data-tabs]").forEach((list) => {
  const tabs = [...list.querySelectorAll('[role="tab"]')];
  const show = (chosen) => {
    tabs.forEach((tab) => {
      const on = tab === chosen;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    });
  };
  list.hidden = false;
  tabs.forEach((tab) => tab.addEventListener("click", () => show(tab)));
  show(tabs[0]);
});

// The Identity Center wizard's progressive enhancement: show only the chosen space option, and
// the Region notice when the space's Region differs from IAM Identity Center's. Without
// JavaScript everything is shown.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-wizard-form]");
  if (!form) return;
  const sync = () => {
    const choice = form.querySelector("input[name$='-choice']:checked");
    form.querySelectorAll("[data-choice-section]").forEach((section) => {
      section.hidden = choice ? section.dataset.choiceSection !== choice.value : false;
    });
    const region = form.querySelector("select[name$='-region']");
    const notice = form.querySelector("[data-region-notice]");
    if (region && notice) {
      notice.hidden = !region.value || region.value === notice.dataset.regionNotice;
      const chosen = notice.querySelector("[data-chosen-region]");
      if (chosen) chosen.textContent = region.options[region.selectedIndex].text;
    }
  };
  form.addEventListener("change", sync);
  sync();
});

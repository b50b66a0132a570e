// "VPC connection details": once a VPC is chosen, show only its subnets and security groups (each
// group of checkboxes is headed by its VPC's label, which starts with the VPC ID) and clear the
// boxes of the other VPCs. Without JavaScript every VPC's are shown, and the service refuses a
// subnet or security group of another VPC.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-wizard-form]");
  const vpc = form && form.querySelector("select[name$='-vpc_id']");
  if (!vpc) return;
  const groups = [...form.querySelectorAll("[id$='-subnet_ids'] > div, [id$='-security_group_ids'] > div")];
  const sync = () => {
    groups.forEach((group) => {
      const heading = group.querySelector(":scope > label");
      if (!heading) return;
      const shown = !vpc.value || heading.textContent.trim().startsWith(vpc.value);
      group.hidden = !shown;
      if (!shown) group.querySelectorAll("input[type=checkbox]").forEach((box) => { box.checked = false; });
    });
  };
  vpc.addEventListener("change", sync);
  sync();
});

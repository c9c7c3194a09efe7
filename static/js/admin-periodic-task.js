// A scheduled task's form: the chosen crontab's schedule in words under the crontab field, as
// django-celery-beat's own inline script does where inline scripts are allowed.
(() => {
  const data = document.getElementById("readable-crontabs");
  const crontab = document.getElementById("id_crontab");
  const help = document.querySelector(".field-crontab .help");
  if (!data || !crontab || !help) return;
  const readable = JSON.parse(data.textContent);
  const original = help.textContent.trim();
  document.querySelectorAll(".field-crontab_translation").forEach((row) => (row.hidden = true));
  crontab.addEventListener("change", () => {
    const words = readable[crontab.value];
    help.textContent = words ? `${original} Translation: ${words}` : original;
  });
})();

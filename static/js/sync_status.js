// "Sync now": follow the run until it ends, then reload so the member lists show the result.
(function () {
  const box = document.getElementById("sync-status");
  const url = box && box.dataset.pollUrl;
  if (!url) return;
  let tries = 0;
  async function poll() {
    tries += 1;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const run = await response.json();
        if (run.finished) {
          box.innerHTML = "<p>Sync " + run.status_label.toLowerCase() + ". Refreshing…</p>";
          window.location.reload();
          return;
        }
        // A queued run has not started: say so rather than "0 users read".
        box.querySelector("p").textContent = run.status === "queued"
          ? "Queued: the sync starts when a worker picks it up…"
          : run.status_label + "… (" + run.users_read + " users read so far)";
      }
    } catch (error) {
      // The network hiccuped; try again on the next tick.
    }
    if (tries < 600) setTimeout(poll, tries < 10 ? 1000 : 3000);
  }
  setTimeout(poll, 700);
})();

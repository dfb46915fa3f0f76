// Header search suggestions (htmx fills #header-suggestions): keyboard and closing.
// Progressive enhancement only: without JavaScript the form opens the results page.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("header-q");
  const box = document.getElementById("header-suggestions");
  if (!input || !box) return;
  const links = () => Array.from(box.querySelectorAll("a"));
  const close = () => { box.hidden = true; };
  input.addEventListener("input", () => { box.hidden = false; });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.target === box) box.hidden = input.value.trim().length < 2;
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      close();
    }
  });
  box.addEventListener("keydown", (event) => {
    const items = links();
    const index = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < items.length - 1) {
      event.preventDefault();
      items[index + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (index > 0 ? items[index - 1] : input).focus();
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!input.form.contains(event.target)) close();
  });
});

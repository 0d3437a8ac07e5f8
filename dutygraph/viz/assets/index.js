/* dutygraph overview: filter the agency directory by name (no data from documents is read as HTML). */
(function () {
  "use strict";
  var input = document.getElementById("agency-filter");
  if (!input) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("#agency-list li"));
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    items.forEach(function (li) {
      li.style.display = !q || li.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
    });
  });
})();

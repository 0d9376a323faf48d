// The form works without this script. With it, a changed field is marked, and leaving the page
// with unsaved changes asks first.
(function () {
  var form = document.querySelector('form.report');
  if (!form) return;
  var dirty = false;
  form.addEventListener('input', function (event) {
    var field = event.target;
    if (!field || !field.dataset) return;
    field.classList.toggle('changed', field.value !== field.dataset.initial);
    dirty = true;
  });
  form.addEventListener('submit', function () {
    dirty = false;
  });
  window.addEventListener('beforeunload', function (event) {
    if (dirty) event.preventDefault();
  });
})();

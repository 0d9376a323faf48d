// The page works without this script. With it, leaving the page with unsaved changes asks first,
// and a row ticked for deletion is greyed out.
(function () {
  var form = document.querySelector('form.draft');
  if (!form) return;
  var dirty = false;
  form.addEventListener('input', function () {
    dirty = true;
  });
  form.addEventListener('change', function (event) {
    dirty = true;
    var field = event.target;
    if (field && field.name && /_del$/.test(field.name)) {
      var row = field.closest('tr');
      if (row) row.classList.toggle('deleted', field.checked);
    }
  });
  form.addEventListener('submit', function () {
    dirty = false;
  });
  window.addEventListener('beforeunload', function (event) {
    if (dirty) event.preventDefault();
  });
})();

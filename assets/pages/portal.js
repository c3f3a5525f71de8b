// Mi Portal AccionPlus — ticks the password rules while the caller types. Only a help: the form
// works without it, and the portal checks the same rules (domain::policy) when it is sent.
(function () {
  'use strict';
  var input = document.getElementById('password');
  var list = document.querySelector('#rules ul');
  if (!input || !list) { return; }
  var special = (list.getAttribute('data-special') || '').replace(/ /g, '');
  var met = list.getAttribute('data-met') || '';
  var unmet = list.getAttribute('data-unmet') || '';
  function holds(rule, password) {
    var chars = Array.from(password);
    if (rule === 'length') { return chars.length >= 8 && chars.length <= 40; }
    if (rule === 'classes') {
      return /\p{Ll}/u.test(password) && /\p{Lu}/u.test(password) && /[0-9]/.test(password);
    }
    if (rule === 'special') {
      return chars.some(function (c) { return special.indexOf(c) >= 0; });
    }
    return false;
  }
  function update() {
    list.querySelectorAll('li[data-rule]').forEach(function (li) {
      var ok = holds(li.getAttribute('data-rule'), input.value);
      li.className = ok ? 'met' : 'unmet';
      var state = li.querySelector('.state');
      if (state) { state.textContent = (ok ? '\u2713 ' + met : '\u2717 ' + unmet) + ':'; }
    });
  }
  input.addEventListener('input', update);
}());

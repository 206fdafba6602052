// Shows index.html's static login frame (the first paint, before the scripts arrive) on the login page
// only: any other address may be a signed-in user's page. A classic script in <head>, run before the
// body paints; the server's content security policy allows no inline script.
if (/^\/login\/?$/.test(location.pathname)) document.documentElement.classList.add('first-paint-on');

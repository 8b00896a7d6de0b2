/* The scan report's print button (no inline handlers: see api/csp.py). */
document.getElementById("print").addEventListener("click", () => window.print());

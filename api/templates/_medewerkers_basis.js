  // Shared by the staff pages: build elements with text only, show a message.
  function el(tag, className, tekst) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (tekst !== undefined && tekst !== null) node.textContent = String(tekst);
    return node;
  }
  function melding(node, tekst, fout = false) {
    node.textContent = tekst || "";
    node.classList.toggle("fout", Boolean(fout));
  }

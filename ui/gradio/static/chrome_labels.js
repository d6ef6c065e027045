// Gradio's own English labels that no i18n key reaches (written into its components: aria-label,
// title), said in Chinese; new-user trial 36 found them on the tables, the chart and the chat.
(() => {
  const ZH = {
    "Copy table data": "复制表格数据",
    "Copied to clipboard": "已复制",
    "Fullscreen": "全屏",
    "Exit fullscreen mode": "退出全屏",
    "Table actions": "表格操作",
    "chatbot conversation": "对话记录",
    "Vega visualization": "图表",
    // the upload box (trial 46: a screen reader said it in English)
    "Click to upload or drop files": "点击上传或拖放文件",
    // (the file input itself; trial 48's screen reader said "File upload")
    "File upload": "上传文件",
  };
  const ATTRS = ["aria-label", "title"];
  const said = (el) => {
    for (const attr of ATTRS) {
      const zh = el.getAttribute && ZH[el.getAttribute(attr)];
      if (zh) el.setAttribute(attr, zh);
    }
  };
  const within = (root) => {
    said(root);
    root.querySelectorAll?.(ATTRS.map((a) => `[${a}]`).join(",")).forEach(said);
  };
  const start = () => {
    within(document.body);
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes") said(record.target);
        record.addedNodes.forEach((node) => node.nodeType === 1 && within(node));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ATTRS });
  };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();

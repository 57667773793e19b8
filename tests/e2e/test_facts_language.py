"""The facts page speaks Chinese: no English word a writer can see on any tab, grids without the English toolbar."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2etools import AppServer, settle

pytestmark = pytest.mark.integration

TABS = [
    "单位",
    "职能与机构",
    "人员编制",
    "收入支出",
    "三公与采购",
    "资产",
    "履职成效",
    "问题与措施",
    "自评与应用",
    "导入",
]
ALLOWED = {
    "docx",
    "doc",
    "wps",
    "txt",
    "md",
    "yaml",
    "yml",
    "json",
    "Word",
    "WPS",
    "LibreOffice",
    "Delete",
    "Enter",
    "Tab",
}
"""File types, product names and the names on keys, which staff read as they are."""

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (el.closest('[data-testid="stIconMaterial"], script, style, [aria-hidden="true"]')) continue;
    const css = getComputedStyle(el);
    if (css.fontSize === '0px' || css.visibility === 'hidden' || css.display === 'none') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !el.checkVisibility()) continue;
    out.push(node.textContent);
  }
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      if (content && content !== 'none' && content !== 'normal' && el.checkVisibility()) out.push(content);
    }
  }
  return out.join('\\n');
}"""


def _english(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}


def test_no_english_on_any_facts_tab(server: AppServer, browser_page: Any) -> None:
    page = browser_page
    page.goto(server.url)
    settle(page, 1000)
    for tab in TABS:
        page.get_by_role("tab", name=tab).click()
        settle(page)
        grids = page.locator('[data-testid="stDataFrame"]:visible')
        if grids.count():
            grids.first.hover()
            page.wait_for_timeout(1500)
            assert page.locator('[data-testid="stElementToolbar"]:visible').count() == 0, tab
        assert not _english(page.evaluate(VISIBLE_TEXT)), (tab, _english(page.evaluate(VISIBLE_TEXT)))

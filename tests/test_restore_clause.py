"""A detail restored from the source replaces the clause that rewrote it, when the model joined that clause to
another with "；": otherwise the source sentence is appended and the paragraph says the same thing twice
(seen with the bundled model on weijian-2022's 免疫规划)."""

from __future__ import annotations

from assistant.drafting.claims_fallback import restore_details
from assistant.gate.claims import claim_scope

SOURCE = "在陵江镇、歧坪镇设立规范化预防接种门诊，每周二、周四开诊。免疫规划疫苗接种率达96.80%。"
ANSWER = "每周二、周四，陵江镇、歧坪镇预防接种门诊开诊；免疫规划疫苗接种率达96.80%。"


def test_the_rewritten_clause_is_replaced_not_repeated() -> None:
    scope = claim_scope([SOURCE], [SOURCE], SOURCE)
    assert not scope.check(ANSWER).ok
    text, restored = restore_details(ANSWER, scope)
    assert restored == ["在陵江镇、歧坪镇设立规范化预防接种门诊，每周二、周四开诊。"]
    assert text == SOURCE
    assert scope.check(text).ok

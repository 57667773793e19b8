"""The grade of a self-evaluation score: the one place that knows the bands of 财预〔2020〕10号 第十八条."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

Grade = Literal["优", "良", "中", "差"]


def grade_for(score: Decimal) -> Grade:
    """Grade of 财预〔2020〕10号 第十八条: 90–100 优, 80–89 良, 60–79 中, below 60 差."""
    if score >= 90:
        return "优"
    if score >= 80:
        return "良"
    if score >= 60:
        return "中"
    return "差"

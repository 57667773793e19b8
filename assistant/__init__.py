"""绩效报告助手: drafts, checks and exports the annual 部门整体支出绩效自评报告 from a unit's facts."""

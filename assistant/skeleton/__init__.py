"""The model-free drafter: every fact in official prose, missing facts as 【待补充】 markers."""

from assistant.skeleton.drafter import SectionDraft, SkeletonDrafter, todo

__all__ = ["SectionDraft", "SkeletonDrafter", "todo"]

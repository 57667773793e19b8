"""Report profiles: each report type's outline, required facts and indicator settings, shipped as YAML."""

from assistant.profiles.model import (
    DEFAULT_PROFILE,
    Profile,
    ProfileError,
    SectionSpec,
    available_profiles,
    load_profile,
)

__all__ = ["DEFAULT_PROFILE", "Profile", "ProfileError", "SectionSpec", "available_profiles", "load_profile"]

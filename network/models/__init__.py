"""Models of the network app, one module per area."""

from network.models.directory import (  # noqa: F401
    ApiToken,
    Axis,
    Commune,
    Dimension,
    Expertise,
    HousingCompany,
    Invitation,
    Member,
    Province,
    ProvincialPlatform,
    User,
    UserManager,
    WorkingGroup,
    hash_token,
)
from network.models.partners import (  # noqa: F401
    ActivityFigure,
    ActivityReport,
    AgreementAlert,
    AgreementStatus,
    FrameworkAgreement,
    Partner,
    PartnerKind,
)

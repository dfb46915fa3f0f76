from tests.partners.conftest import agreement, cpas_namur, namur_commune  # noqa: F401

"""People who work in civicspace: accounts, password policy and hashing (``users``), and who
may do what (``roles``). The web layer keeps login sessions; everything else asks here."""

from civicspace.accounts.roles import (
    RANK,
    RIGHTS,
    Forbidden,
    NotAuthenticated,
    actor,
    can,
    has_right,
    require,
    role_at_least,
)
from civicspace.accounts.users import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    authenticate,
    check_password_policy,
    create_user,
    end_sessions,
    get_user,
    hash_password,
    random_password,
    set_active,
    set_password,
    set_role,
    verify_password,
)

__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "RANK",
    "RIGHTS",
    "Forbidden",
    "NotAuthenticated",
    "actor",
    "authenticate",
    "can",
    "check_password_policy",
    "create_user",
    "end_sessions",
    "get_user",
    "has_right",
    "hash_password",
    "random_password",
    "require",
    "role_at_least",
    "set_active",
    "set_password",
    "set_role",
    "verify_password",
]

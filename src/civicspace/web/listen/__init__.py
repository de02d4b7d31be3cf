"""Web pages of the listen area: live questions to speakers (``questions``) and member
networking (``members``)."""

"""The workshop: the kit for every laptop (kit.py, participant.py) and the room server (room.py)."""

def actor(request):
    return {
        "actor": getattr(request, "actor", None),
        "assignments": getattr(request, "assignments", []),
        "acting_assignment": getattr(request, "acting_assignment", None),
    }

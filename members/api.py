from ninja import Router

router = Router(tags=["Đoàn viên"])

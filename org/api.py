from ninja import Router

router = Router(tags=["Đơn vị"])

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from org.models import UnitClosure


def test_it_reports_a_consistent_tree(tree, capsys):
    call_command("check_tree")
    assert "Cây đơn vị nhất quán." in capsys.readouterr().out


def test_it_lists_each_problem_and_exits_with_code_1(tree, capsys):
    UnitClosure.objects.filter(descendant=tree.cdcs_a1, depth=1).delete()
    with pytest.raises(CommandError) as error:
        call_command("check_tree")
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "Bảng bao đóng thiếu 1 dòng" in out
    assert "nhất quán" not in out


def test_it_exits_with_code_1_from_the_command_line(tree, capsys):
    from django.core.management import ManagementUtility

    UnitClosure.objects.filter(descendant=tree.cdcs_a1).delete()
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "check_tree"]).execute()
    assert exit_.value.code == 1
    assert "vấn đề" in capsys.readouterr().err


def test_it_rebuilds_the_closure_and_prints_the_count(tree, capsys):
    expected = UnitClosure.objects.count()
    UnitClosure.objects.filter(descendant=tree.cdcs_a1).delete()
    call_command("rebuild_closure")
    assert f"{expected} dòng" in capsys.readouterr().out
    assert UnitClosure.objects.count() == expected
    call_command("check_tree")
    assert "Cây đơn vị nhất quán." in capsys.readouterr().out


def test_the_commands_explain_themselves_in_vietnamese():
    from org.management.commands import check_tree, rebuild_closure

    assert "Kiểm tra cây đơn vị" in check_tree.Command.help
    assert "bảng bao đóng" in rebuild_closure.Command.help

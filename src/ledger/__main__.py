from ledger.cli import run

run()

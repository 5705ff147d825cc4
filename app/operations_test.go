package app

import (
	"context"
	"testing"
)

// Every cancellable job of the app (imports, promotions, bulk actions) goes
// through operations: a second start under a running id is refused, cancel
// reaches the job's context, and an ended job's id is free again.
func TestOperationsRefuseASecondStartAndCancelTheRightJob(t *testing.T) {
	var ops operations
	ctx, done, err := ops.start(context.Background(), "op-1", "import")
	if err != nil {
		t.Fatal(err)
	}
	var ui *UIError
	if _, _, err := ops.start(context.Background(), "op-1", "import"); !asUI(err, &ui) || ui.Code != CodeConflict || ui.Message != "This import is already running." {
		t.Errorf("second start of op-1: %v", err)
	}
	other, doneOther, err := ops.start(context.Background(), "op-2", "import")
	if err != nil {
		t.Fatal(err)
	}
	ops.cancel("op-1")
	if ctx.Err() == nil || other.Err() != nil {
		t.Errorf("cancel(op-1): op-1 %v, op-2 %v", ctx.Err(), other.Err())
	}
	ops.cancel("unknown") // ignored
	done()
	doneOther()
	if _, again, err := ops.start(context.Background(), "op-1", "import"); err != nil {
		t.Errorf("op-1 after it ended: %v", err)
	} else {
		again()
	}
}

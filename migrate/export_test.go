package migrate

import (
	"context"
	"time"
)

// WithoutRetryPauses makes a Migrator retry at once after a lock timeout,
// still logging the pause it would have taken, so that tests of retries
// wait for nothing.
func WithoutRetryPauses() Option {
	return func(c *config) error {
		c.pause = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
		return nil
	}
}

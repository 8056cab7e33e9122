module github.com/weakstripe/weakstripe

go 1.24

require (
	github.com/puzpuzpuz/xsync/v3 v3.5.1
	go.uber.org/goleak v1.3.0
)

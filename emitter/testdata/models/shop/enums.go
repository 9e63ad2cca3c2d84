package models

// BillingStatus is the enum type billing.status.
//
//schemagen:enum billing.status
type BillingStatus string

// The values of BillingStatus, in the enum's order.
const (
	BillingStatusDraft BillingStatus = "draft"
	BillingStatusPaid  BillingStatus = "paid"
)

// Mood is the enum type mood.
//
//schemagen:enum mood
type Mood string

// The values of Mood, in the enum's order.
const (
	MoodHappy      Mood = "happy"
	MoodInProgress Mood = "in-progress"
	Mood1st        Mood = "1st"
)

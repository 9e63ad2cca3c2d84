// Package models holds the tables of the example shop: customers and
// products in the public schema, invoices and their lines in the billing
// schema.
package models

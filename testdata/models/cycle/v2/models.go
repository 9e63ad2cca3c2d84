// Package models: two tables that reference each other.
package models

// Author has a favorite book, which references its author. v2 drops bio.
//
//schemagen:table authors
type Author struct {
	ID             int64  `db:"id,pk,identity"`
	Name           string `db:"name"`
	FavoriteBookID *int64 `db:"favorite_book_id,fk:books.id"`
}

// Book is written by an author; v2 adds its series, a new table that
// references a book in turn (a second cycle).
//
//schemagen:table books
type Book struct {
	ID       int64  `db:"id,pk,identity"`
	Title    string `db:"title"`
	AuthorID int64  `db:"author_id,fk:authors.id,ondelete:cascade"`
	SeriesID *int64 `db:"series_id,fk:series.id,ondelete:set null"`
}

// Series groups books and names the first one.
//
//schemagen:table series
type Series struct {
	ID          int64  `db:"id,pk,identity"`
	Name        string `db:"name,unique"`
	FirstBookID *int64 `db:"first_book_id,fk:books.id"`
}

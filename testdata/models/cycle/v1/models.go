// Package models: two tables that reference each other.
package models

// Author has a favorite book, which references its author.
//
//schemagen:table authors
type Author struct {
	ID             int64   `db:"id,pk,identity"`
	Name           string  `db:"name"`
	Bio            *string `db:"bio"`
	FavoriteBookID *int64  `db:"favorite_book_id,fk:books.id"`
}

// Book is written by an author.
//
//schemagen:table books
type Book struct {
	ID       int64  `db:"id,pk,identity"`
	Title    string `db:"title"`
	AuthorID int64  `db:"author_id,fk:authors.id"`
}

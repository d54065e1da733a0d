package rewrite

// Select statements, which yaegi v0.16.1 gets wrong in two ways that
// concurrent code meets often:
//
//   - It loses the computed fields of a composite literal a case sends:
//     case out <- result{id, j * j} sends {id 0}. Go evaluates the values a
//     select sends once, in order, on entering it; the rewrite evaluates
//     them into variables just before it.
//   - A break inside an if (or a block) in a case leaves the loop around
//     the select, not the select; a labelled break or continue leaving the
//     select for an enclosing loop (for { select { case <-done: break
//     loop } }) loops forever. The body of a case with a break becomes the
//     body of a switch, which yaegi breaks out of correctly; a labelled
//     jump becomes a break out of it that records where to go, and the
//     select is followed by the jump:
//
//	{ jump := 0; select { case <-done: switch { default: jump = 1; break } }; if jump == 1 { break loop } }

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

func (m *Rewriter) selectStmt(c *astutil.Cursor, sel *ast.SelectStmt) {
	pos := sel.Pos()
	var before, after []ast.Stmt
	for _, cc := range sel.Body.List {
		send, ok := cc.(*ast.CommClause).Comm.(*ast.SendStmt)
		if !ok {
			continue
		}
		if _, plain := send.Value.(*ast.Ident); plain || m.keepInPlace(send.Value) {
			continue // a variable is read when the select starts anyway
		}
		name := m.fresh("send")
		vpos := send.Value.Pos()
		before = append(before, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: vpos, Name: name}}, Tok: token.DEFINE, TokPos: vpos, Rhs: []ast.Expr{send.Value}})
		send.Value = &ast.Ident{NamePos: vpos, Name: name}
	}
	own := ""
	if ls, ok := c.Parent().(*ast.LabeledStmt); ok {
		own = ls.Label.Name
	}
	jump := ""
	targets := map[string]int{} // "break loop" → its number
	var order []*ast.BranchStmt
	for _, cc := range sel.Body.List {
		cc := cc.(*ast.CommClause)
		breaks := false
		depth := 0 // loops, switches and selects inside the case
		body := &ast.BlockStmt{List: cc.Body}
		astutil.Apply(body, func(c *astutil.Cursor) bool {
			switch n := c.Node().(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				depth++
			case *ast.BranchStmt:
				switch {
				case depth > 0 || n.Tok != token.BREAK && n.Tok != token.CONTINUE:
					if depth > 0 && n.Label != nil && n.Label.Name != own && (n.Tok == token.BREAK || n.Tok == token.CONTINUE) && m.leaves(n.Label.Name, cc) {
						m.refuse(n.Pos(), "%s %s from inside a select is not supported by the playground's interpreter yet, "+
							"but for a plain break out of the select; set a variable and %s %s after the select", n.Tok, n.Label.Name, n.Tok, n.Label.Name)
					}
				case n.Tok == token.BREAK && (n.Label == nil || n.Label.Name == own):
					breaks = true
					n.Label = nil
				case n.Label != nil:
					breaks = true
					key := n.Tok.String() + " " + n.Label.Name
					if targets[key] == 0 {
						targets[key] = len(targets) + 1
						order = append(order, n)
					}
					if jump == "" {
						jump = m.fresh("jump")
					}
					set := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: n.Pos(), Name: jump}}, Tok: token.ASSIGN, TokPos: n.Pos(),
						Rhs: []ast.Expr{&ast.BasicLit{ValuePos: n.Pos(), Kind: token.INT, Value: strconv.Itoa(targets[key])}}}
					c.Replace(&ast.BlockStmt{Lbrace: n.Pos(), List: []ast.Stmt{set, &ast.BranchStmt{TokPos: n.Pos(), Tok: token.BREAK}}, Rbrace: n.End()})
				}
			}
			return true
		}, func(c *astutil.Cursor) bool {
			switch c.Node().(type) {
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				depth--
			}
			return true
		})
		cc.Body = body.List
		if breaks {
			// switch { default: … }: a break in it ends the case.
			cpos := cc.Colon
			cc.Body = []ast.Stmt{&ast.SwitchStmt{Switch: cpos, Body: &ast.BlockStmt{Lbrace: cpos, List: []ast.Stmt{
				&ast.CaseClause{Case: cpos, Colon: cpos, Body: cc.Body},
			}, Rbrace: cpos}}}
		}
	}
	if jump != "" {
		before = append(before, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: jump}}, Tok: token.DEFINE, TokPos: pos,
			Rhs: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}}})
		for _, b := range order {
			key := b.Tok.String() + " " + b.Label.Name
			after = append(after, &ast.IfStmt{If: b.Pos(),
				Cond: &ast.BinaryExpr{X: &ast.Ident{NamePos: b.Pos(), Name: jump}, OpPos: b.Pos(), Op: token.EQL,
					Y: &ast.BasicLit{ValuePos: b.Pos(), Kind: token.INT, Value: fmt.Sprint(targets[key])}},
				Body: &ast.BlockStmt{Lbrace: b.Pos(), List: []ast.Stmt{&ast.BranchStmt{TokPos: b.Pos(), Tok: b.Tok, Label: &ast.Ident{NamePos: b.Label.Pos(), Name: b.Label.Name}}}, Rbrace: b.End()},
			})
		}
	}
	if len(before) == 0 && len(after) == 0 {
		return
	}
	list := append(append(before, ast.Stmt(sel)), after...)
	b := &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: sel.End()}
	m.blocks[b] = sel
	c.Replace(b)
}

// leaves reports whether a branch to label inside cc leaves the select:
// whether the label is not declared inside cc.
func (m *Rewriter) leaves(label string, cc *ast.CommClause) bool {
	inside := false
	for _, s := range cc.Body {
		ast.Inspect(s, func(n ast.Node) bool {
			if ls, ok := n.(*ast.LabeledStmt); ok && ls.Label.Name == label {
				inside = true
			}
			return !inside
		})
	}
	return !inside
}

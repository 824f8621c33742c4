package cba

// layout is where each component and perspective sits in a Result, and the
// weight of each component in each perspective.
type layout struct {
	payers                            int
	earnings, employer                int
	tax0, benefit0, allowance0, cost0 int
	financing, nonMarket, leisure, n  int
	programme                         []int // cost components of the programme category
	components, perspectives          []string
	costOf                            [][]int // [arm][cost] -> component
	allowanceOf                       [][]int // [arm][allowance] -> component
	// splitOf[c] is the payer split of component c (nil: no payer).
	splitOf []*Split
	// payerOf[c][i] is the payer index of splitOf[c][i].
	payerOf [][]int

	weights [][]float64 // [perspective][component]
	// fin is the financing cost's base: the public weight of each
	// component that bears lambda (all of them, or spending only).
	fin []float64
	// wEff is weights with the financing cost folded in: society gets
	// lambda times the financing base, so that NPVs need no financing row.
	wEff   [][]float64
	lambda float64
	// equal lists the taxes with income equalisation: the component, and
	// the payer indexes of its receiver and of the rest's.
	equal []equalised
}

// equalised is a tax component with income equalisation.
type equalised struct {
	c, from, to int
	e           *Equalisation
}

// Perspective indexes: participant first, then each payer, then public and
// society.
func (l *layout) participant() int { return 0 }
func (l *layout) payer(i int) int  { return 1 + i }
func (l *layout) public() int      { return 1 + l.payers }
func (l *layout) society() int     { return 2 + l.payers }

func newLayout(s *Scenario) *layout {
	l := &layout{payers: len(s.Payers)}
	l.earnings = l.add("earnings", nil)
	l.employer = l.add("employer_contribution", &s.EmployerContribution.Receivers)
	l.tax0 = len(l.components)
	for i := range s.Taxes {
		l.add("tax:"+s.Taxes[i].Name, &s.Taxes[i].Receivers)
	}
	l.benefit0 = len(l.components)
	for i := range s.Benefits {
		l.add("benefit:"+s.Benefits[i].Name, &s.Benefits[i].Payers)
	}
	l.armLines(s)
	l.financing = l.add("financing", nil)
	l.nonMarket = l.add("non_market", nil)
	l.leisure = l.add("leisure", nil)
	l.n = len(l.components)
	for _, sp := range l.splitOf {
		var idx []int
		if sp != nil {
			for _, x := range *sp {
				i, _ := s.payerIndex(x.Payer)
				idx = append(idx, i)
			}
		}
		l.payerOf = append(l.payerOf, idx)
	}
	l.equalisations(s)
	l.fin = make([]float64, l.n)
	l.perspectives = append(l.perspectives, Participant)
	l.perspectives = append(l.perspectives, s.Payers...)
	l.perspectives = append(l.perspectives, Public, Society)
	l.weights = matrix(len(l.perspectives), l.n)
	l.wEff = matrix(len(l.perspectives), l.n)
	l.update(s)
	return l
}

// add appends a component, paid or received as split says (nil: no
// payer), and returns its index.
func (l *layout) add(name string, split *Split) int {
	l.components = append(l.components, name)
	l.splitOf = append(l.splitOf, split)
	return len(l.components) - 1
}

// armLines adds the arms' allowances and costs, one component for each
// name whatever the arms that have it, and records each arm's lines.
func (l *layout) armLines(s *Scenario) {
	index := map[string]int{}
	line := func(name string, split *Split) (int, bool) {
		i, ok := index[name]
		if !ok {
			i = l.add(name, split)
			index[name] = i
		}
		return i, !ok
	}
	l.allowance0 = len(l.components)
	l.allowanceOf = make([][]int, len(s.Arms))
	for a := range s.Arms {
		for j := range s.Arms[a].Allowances {
			al := &s.Arms[a].Allowances[j]
			i, _ := line("allowance:"+al.Name, &al.Payers)
			l.allowanceOf[a] = append(l.allowanceOf[a], i)
		}
	}
	l.cost0 = len(l.components)
	l.costOf = make([][]int, len(s.Arms))
	for a := range s.Arms {
		for j := range s.Arms[a].Costs {
			c := &s.Arms[a].Costs[j]
			i, added := line("cost:"+c.Name, &c.Payers)
			if added && c.Category == ProgrammeCost {
				l.programme = append(l.programme, i)
			}
			l.costOf[a] = append(l.costOf[a], i)
		}
	}
}

// equalisations finds the tax component, receiver and other payer of
// each income equalisation.
func (l *layout) equalisations(s *Scenario) {
	for i := range s.Equalisation {
		e := &s.Equalisation[i]
		for t := range s.Taxes {
			if s.Taxes[t].Name == e.Tax {
				from, _ := s.payerIndex(e.Receiver)
				to, _ := s.payerIndex(e.RestTo)
				l.equal = append(l.equal, equalised{c: l.tax0 + t, from: from, to: to, e: e})
			}
		}
	}
}

// update recomputes the weights from the current values of s: the payer
// splits, displacement, the marginal cost of public funds and what society
// includes.
func (l *layout) update(s *Scenario) {
	for p := range l.weights {
		clear(l.weights[p])
	}
	part := l.weights[l.participant()]
	part[l.earnings] = 1
	pay := func(c int, sign float64) {
		for i, x := range *l.splitOf[c] {
			l.weights[l.payer(l.payerOf[c][i])][c] += sign * x.Share
		}
	}
	pay(l.employer, 1)
	for c := l.tax0; c < l.benefit0; c++ {
		part[c] = -1
		pay(c, 1)
	}
	for c := l.benefit0; c < l.cost0; c++ { // benefits and allowances
		part[c] = 1
		pay(c, -1)
	}
	for c := l.cost0; c < l.financing; c++ {
		pay(c, -1)
	}
	// Income equalisation: the receiver keeps its retention of its share;
	// the rest goes to the other payer.
	for _, q := range l.equal {
		recv, moved := l.weights[l.payer(q.from)], 0.0
		moved = recv[q.c] * (1 - q.e.Retention)
		recv[q.c] -= moved
		l.weights[l.payer(q.to)][q.c] += moved
	}
	// Displacement reaching the budgets: the displaced workers' lost taxes
	// and contributions and extra benefits.
	keep := 1 - s.Perspective.Displacement
	if s.Perspective.DisplacementInBudgets {
		for i := range l.payers {
			w := l.weights[l.payer(i)]
			for c := l.employer; c < l.allowance0; c++ {
				w[c] *= keep
			}
		}
	}
	pub := l.weights[l.public()]
	for i := range l.payers {
		for c, w := range l.weights[l.payer(i)] {
			pub[c] += w
		}
	}
	soc := l.weights[l.society()]
	soc[l.earnings], soc[l.employer] = keep, keep
	for c := l.cost0; c < l.financing; c++ {
		soc[c] = -1
	}
	soc[l.financing] = 1
	if s.Perspective.NonMarket.Include {
		soc[l.nonMarket] = 1
	}
	if s.Perspective.Leisure.Include {
		soc[l.leisure] = -1
	}
	l.lambda = s.Perspective.Lambda
	for c := range l.n {
		l.fin[c] = pub[c]
		if s.Perspective.FinancingOnSpending && c < l.benefit0 {
			l.fin[c] = 0 // taxes and contributions bear no deadweight (WSIPP)
		}
	}
	for p, w := range l.weights {
		onFin, eff, fin := w[l.financing]*l.lambda, l.wEff[p][:len(w)], l.fin[:len(w)]
		for c, v := range w {
			eff[c] = v + onFin*fin[c]
		}
		eff[l.financing] = 0
	}
}

func matrix(rows, cols int) [][]float64 {
	block := make([]float64, rows*cols)
	m := make([][]float64, rows)
	for i := range m {
		m[i] = block[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return m
}

// Package scenario reads IPS scenario files (YAML) into cba.Scenario values,
// checking every key and number and reporting every problem at once (up to
// 100, then counted), each as "file:line: field.path: message".
//
// # Numbers
//
// Any number may be written plainly (rate: 0.04) or as a mapping that says
// where it comes from:
//
//	rate: {value: 0.04, source: "Finance Ministry circular R-109/21"}
//	share: {value: 0.3, assumption: "why this value", note: "to verify"}
//	half_life_months:
//	  distribution: {type: gamma, mean: 24, sd: 18}
//	  assumption: "..."
//
// Numbers are written in decimal: 0.04, 20975, 1e6, -3. A leading zero is
// decimal too (0120 is 120, never octal); hexadecimal, ".inf", "1,000",
// "20 %" and quoted numbers are refused, and so is a number left blank
// ("rate:" is not zero). Whole numbers (months, years, the horizon) must be
// whole: 120.5 is refused, never truncated.
//
// A distribution replaces the value (a deterministic evaluation uses its
// mean). Families and their parameters: normal (mean, sd); lognormal (mean,
// sd | mu, sigma); gamma (mean, sd | shape, scale | shape, rate); beta (mean,
// sd | alpha, beta); uniform (min, max); triangular (min, mode, max); pert
// (min, mode, max); discrete (values). A distribution must keep within
// its number's range (below): its quantiles at 1e-9 and 1-1e-9 must lie
// inside it. Whole numbers cannot be drawn. (The families are those of
// cba.DistKind, each with its forms: cba.DistKind.Forms.)
//
// A number written once with a YAML anchor (&name) and used elsewhere
// (*name) is one number (a factor, package cba): one draw, one -set, one
// line in a sensitivity analysis, in every place it is used. A mapping
// written once (a job, a curve, a receipt) makes each of its numbers one.
//
// # Text in several languages
//
// Text for readers (TEXT in the layout below: a description, the labels
// of taxes, benefits, groups, arms and costs, what the scenario is for
// under about, a published figure's label, citation and reason) and a
// number's source, assumption and note may be written plainly, the same
// text in every language, or as its versions by language (cba.Prose,
// cba.TextLanguages: en, English, and nb, Norwegian Bokmål):
//
//	label: {en: Under 30, nb: Under 30 år}
//	share:
//	  value: 0.37
//	  assumption:
//	    en: "The share under 30 is not printed: about 37 %."
//	    nb: "Andelen under 30 er ikke oppgitt: om lag 37 %."
//
// en is required: it is the text of every output not in another language,
// and of a language the mapping does not give. A report in Bokmål (the
// command's -lang nb) shows the nb text wherever the file gives one. A
// mapping with another key, a value that is not text, or no en is refused
// with its line and field (groups.under30.label.de: unknown field). The
// Go value holds the English (cba.Scenario's fields, Param, About);
// cba.Scenario.Texts the other languages by path, and File.AboutIn,
// File.ParamIn and File.FactorIn give what a file says in a language. The
// numbers, names and paths are the same in every language.
//
// # Layout
//
// Every key of a scenario file, with what it holds (NAME: a name of the
// scenario's own; TEXT: text for readers, plain or by language, as in
// Text in several languages below; "required" where it must be given):
//
//	extends                                              a scenario file this one builds on: its sections, replaced by this file's
//	set                                                  [{path, value | distribution, source | assumption}]: numbers changed as -set does
//	name                                                 the scenario's name, in every result (required)
//	description: TEXT                                    what it compares, in a sentence
//	about:                                               what it is for (read by package scenario)
//	  population: TEXT                                   who it models
//	  country: TEXT                                      where: its rules and money
//	  question: TEXT                                     what it answers
//	  decided_by: TEXT                                   the assumption that decides the answer
//	  sources                                            [TEXT, ...]: its main sources
//	currency                                             e.g. NOK (required)
//	price_year                                           the year whose prices the amounts are in (required)
//	horizon_months                                       H: flows are counted for months 1..H (required)
//	observed_months                                      a trial's window W: results also over months 0..W (0: none)
//	effect_measured_months                               the last month the effect was measured, within the observed window: reports say the effect after it is assumed (0: to its end)
//	discount:                                            annual real discount rates by year (required)
//	  - from_year                                        the first year of the rate (the first step: 1) (required)
//	    rate                                             annual real discount rate (required)
//	wage_growth                                          annual real growth of earnings (default 0)
//	indexation: none | wages                             benefits and tax thresholds follow wages (default none)
//	payers                                               the public budgets: [state, municipality, ...] (required)
//	perspective:                                         (required)
//	  displacement                                       share of the extra work taken from other job seekers (default 0)
//	  displacement_in_budgets                            the displaced workers' lost taxes and contributions and extra benefits reach the payers (default false)
//	  marginal_cost_of_public_funds                      lambda: a net public krone is worth 1 + lambda to society (required)
//	  financing_on_spending                              lambda on public spending only, not on taxes and contributions (WSIPP; default false: the net public flow)
//	  non_market:
//	    include                                          count it in society's result (default false; -set 1 or 0)
//	    per_employed_month                               the value of work beyond its pay
//	  leisure:
//	    include                                          count the leisure given up (default false; -set 1 or 0)
//	    share                                            as a share of the earnings gained
//	employer_contribution:
//	  rate                                               on gross earnings (required)
//	  threshold                                          earnings a year above which it is paid (0: from the first krone)
//	  receiver: PAYER | receivers: {PAYER: share, ...}   the payer that receives it, or several with shares (required)
//	taxes:                                               the components of income tax, by name
//	  NAME:
//	    label: TEXT                                      its name for readers
//	    receiver: PAYER | receivers: {PAYER: share, ...} the payer that receives it, or several with shares (required)
//	    rate                                             on the taxable base (wages when pension_rate is given)
//	    pension_rate                                     on pension-like income (a social security contribution)
//	    brackets:                                        progressive rates on the taxable base
//	      - from                                         where the rate starts (required)
//	        rate                                         (required)
//	    personal_allowance                               subtracted after the standard deduction
//	    standard_deduction:
//	      share                                          of the base (required)
//	      cap                                            at most (0: no cap)
//	    floor:
//	      threshold                                      no tax at or below it (required)
//	      phase_in                                       at most this share of the base above the threshold (0: no limit)
//	equalisation:                                        of a receiver's share of a tax, the receiver keeps the retention; the rest goes to rest_to
//	  - tax                                              the tax (its name under taxes) (required)
//	    receiver                                         the payer whose share is equalised (required)
//	    retention                                        the share of its part the receiver keeps (required)
//	    rest_to                                          the payer that gets the rest (the other municipalities) (required)
//	benefits:                                            the benefits' rules, by name
//	  NAME:
//	    label: TEXT                                      its name for readers
//	    payer: PAYER | payers: {PAYER: share, ...}       the payer, or several with shares (required)
//	    taxable: none | wage | pension                   how it counts for income tax (required)
//	    in_work:                                         how it continues for a recipient in work (required)
//	      earnings:                                      amount - taper * (earnings - disregard), at least 0, and 0 above the cutoff
//	        disregard                                    earnings allowed before it is reduced
//	        taper                                        reduction per unit of earnings above the disregard (required)
//	        cutoff                                       earnings above which nothing is paid (0: none)
//	      hours:                                         amount * (1 - hours/normal), and 0 above the stop share
//	        normal_weekly_hours                          full time (required)
//	        stop_share                                   share of normal hours above which nothing is paid (default 1)
//	groups:                                              the parts of the population, by name (required)
//	  NAME:
//	    label: TEXT                                      its name for readers
//	    share                                            of the population (the groups' shares sum to 1) (required)
//	    job:                                             the work of an employed participant (required)
//	      weekly_hours                                   hours a week in work (required)
//	      hourly_wage                                    gross (or monthly_earnings) (required)
//	      monthly_earnings                               gross, instead of hourly_wage * weekly_hours * 52/12 (required)
//	    benefits:                                        who receives each benefit (by its name), and how much
//	      BENEFIT:
//	        share                                        of the group receiving it from month 1 (required)
//	        amount                                       a month, out of work (required)
//	        later:                                       the share from a later month on
//	          - from_month                               (required)
//	            share                                    (required)
//	comparator                                           the arm every other arm is compared with (required)
//	arms:                                                the programmes, by name (required)
//	  NAME:
//	    label: TEXT                                      its name for readers
//	    enrolment:                                       how long participants stay
//	      months                                         how long (left out: the whole horizon)
//	      dropout                                        the chance of leaving each month
//	    costs:                                           what it costs, by name
//	      NAME:
//	        label: TEXT                                  its name for readers
//	        category: programme | service                programme costs are the ratios' denominator; service costs are not (required)
//	        payer: PAYER | payers: {PAYER: share, ...}   the payer, or several with shares (required)
//	        timing: per_enrolled_month | one_off | per_month a month while enrolled, once at the start, or every month (required)
//	        amount                                       a month (once, when one_off) (required)
//	        months                                       per_month: how many months (left out: the whole horizon)
//	    allowances:                                      what it pays its participants on top of their benefits, by name
//	      NAME:
//	        label: TEXT                                  its name for readers
//	        payer: PAYER | payers: {PAYER: share, ...}   the payer, or several with shares (required)
//	        timing: per_enrolled_month | one_off | per_month a month while enrolled, once at the start, or every month (required)
//	        amount                                       a month (once, when one_off) (required)
//	        months                                       per_month: how many months (left out: the whole horizon)
//	    effect:                                          its average effect over the comparator (instead of each group's curve)
//	      points:                                        the effect measured: one of its kinds, arm minus comparator (required)
//	        - month                                      (required)
//	          difference                                 its share in work at the month minus the comparator's (required)
//	          ever_employed                              the share ever in work within months 0..month, arm minus comparator (with time_in_work) (required)
//	          mean_share                                 the mean share in work over months 1..month (weeks worked), arm minus comparator (required)
//	          hours                                      hours worked per participant over months 1..month, arm minus comparator (required)
//	          earnings                                   gross earnings per participant over months 1..month, arm minus comparator (required)
//	          time_in_work                               ever_employed: the share of the period those ever in work spent in work (Bond et al. 2008: 0.47) (required)
//	          ramp_months                                not share/difference: the months after the previous point to reach the level, then held (default: a straight line)
//	      extrapolation: constant | decay | end          after the last point: held, its difference from the comparator decaying, or ended (required)
//	      half_life_months                               decay: the difference from the comparator halves in this many months (required)
//	    groups:                                          each group's employment in this arm (by the group's name) (required)
//	      GROUP:
//	        employment:                                  the share in work over time (required)
//	          model: markov | observed                   a two-state chain, or shares observed at given months (required)
//	          initial                                    e(0), the share in work at the start (default 0)
//	          periods:                                   markov: monthly transition probabilities from a month on (required)
//	            - from_month                             (required)
//	              job_finding                            (required)
//	              job_loss                               (required)
//	          points:                                    observed: the shares in work (or a kind of outcome), linearly interpolated (required)
//	            - month                                  (required)
//	              share                                  the share in work at the month (required)
//	              ever_employed                          the share ever in work within months 0..month (with time_in_work) (required)
//	              mean_share                             the mean share in work over months 1..month (weeks worked) (required)
//	              hours                                  hours worked per participant over months 1..month (required)
//	              earnings                               gross earnings per participant over months 1..month (required)
//	              time_in_work                           ever_employed: the share of the period those ever in work spent in work (Bond et al. 2008: 0.47) (required)
//	              ramp_months                            not share/difference: the months after the previous point to reach the level, then held (default: a straight line)
//	          extrapolation: constant | decay | end      after the last point: held, its difference from the comparator decaying, or ended (required)
//	          half_life_months                           decay: the difference from the comparator halves in this many months (required)
//	        effect_multiplier                            the group's effect relative to the arm's average (1: the average) (required)
//	        job:                                         this arm's job, when it differs from the group's
//	          weekly_hours                               hours a week in work (required)
//	          hourly_wage                                gross (or monthly_earnings) (required)
//	          monthly_earnings                           gross, instead of hourly_wage * weekly_hours * 52/12 (required)
//	cohort:                                              the programme's intake, for the budget
//	  starts_per_year                                    participants starting each year
//	  years                                              years of intake
//	published:                                           the figures of the study the scenario is founded on, beside the model's (read by package scenario)
//	  NAME:                                              one figure, by a name of the scenario's own
//	    label: TEXT                                      what the figure is (required)
//	    citation: TEXT                                   where it is published, and where in the text (required)
//	    value                                            as published, in the study's units and money (required)
//	    to_model                                         converts the value to the scenario's: a price index's ratio, an exchange rate (default 1)
//	    measure: npv | gain | programme_cost | components | share | benefit_cost_ratio | earnings | hours | employment | employment_at | chance the model's figure set beside it (Published) (required)
//	    arm                                              the arm compared with the comparator (default: the first other arm)
//	    perspectives                                     whose figure: [participant, public, society, PAYER, ...], summed
//	    components                                       components: their names (financing, tax:NAME, benefit:*, ...), or PERSPECTIVE/COMPONENT
//	    of                                               share: the perspectives whose gain (or the PERSPECTIVE/COMPONENT terms whose sum) is the whole
//	    months                                           over months 0..months (default: the horizon)
//	    side: difference | arm | comparator              earnings, hours, employment: whose (default difference)
//	    tolerance                                        the relative difference within which the model reproduces it (a test holds it)
//	    reason: TEXT                                     without a tolerance: why the model's figure differs, in a line
//	uncertainty:                                         numbers drawn together
//	  correlations:                                      rank correlations between two uncertain numbers
//	    - between                                        [PATH, PATH] (required)
//	      rank                                           (required)
//	  dirichlet:                                         shares drawn together, keeping their sum
//	    - shares                                         [PATH, ...] (required)
//	      concentration                                  larger: less spread (required)
//
// Several payers share a flow with "payers: {state: 0.5, municipality:
// 0.5}" (or "receivers:" for a tax): shares that sum to 1, each a number of
// its own (at "taxes.NAME.receivers.PAYER"). A cost of the same name in two
// arms, split between payers, has its split written once (an anchor).
//
// # Ranges
//
// Every number has a plausible range, checked when the file is read and by
// -set (a fraction written in percent gets the hint "write 0.2 for 20 %"),
// and a unit (money in the scenario's currency):
//
//	price_year                                           [1900, 2200] whole  year
//	horizon_months                                       [1, 1200] whole  months
//	observed_months                                      [0, 1200] whole  months
//	effect_measured_months                               [0, 1200] whole  months
//	discount[*].from_year                                [1, 1000] whole  year
//	discount[*].rate                                     [-0.05, 0.25]  rate a year
//	wage_growth                                          [-0.1, 0.1]  rate a year
//	perspective.displacement                             [0, 1]  share
//	perspective.displacement_in_budgets                  [0, 1] whole  switch
//	perspective.marginal_cost_of_public_funds            [0, 1]  rate
//	perspective.financing_on_spending                    [0, 1] whole  switch
//	perspective.non_market.include                       [0, 1] whole  switch
//	perspective.non_market.per_employed_month            [0, 1e+12]  money a month in work
//	perspective.leisure.include                          [0, 1] whole  switch
//	perspective.leisure.share                            [0, 1]  share of earnings
//	employer_contribution.rate                           [0, 1]  rate
//	employer_contribution.threshold                      [0, 1e+12]  money a year
//	employer_contribution.receivers.*                    [0, 1]  share
//	taxes.*.receivers.*                                  [0, 1]  share
//	taxes.*.rate                                         [0, 1]  rate
//	taxes.*.pension_rate                                 [0, 1]  rate
//	taxes.*.brackets[*].from                             [0, 1e+12]  money a year
//	taxes.*.brackets[*].rate                             [0, 1]  rate
//	taxes.*.personal_allowance                           [0, 1e+12]  money a year
//	taxes.*.standard_deduction.share                     [0, 1]  share
//	taxes.*.standard_deduction.cap                       [0, 1e+12]  money a year
//	taxes.*.floor.threshold                              [0, 1e+12]  money a year
//	taxes.*.floor.phase_in                               [0, 1]  rate
//	equalisation[*].retention                            [0, 1]  share
//	benefits.*.payers.*                                  [0, 1]  share
//	benefits.*.in_work.earnings.disregard                [0, 1e+12]  money a month
//	benefits.*.in_work.earnings.taper                    [0, 2]  ratio
//	benefits.*.in_work.earnings.cutoff                   [0, 1e+12]  money a month
//	benefits.*.in_work.hours.normal_weekly_hours         (0, 100]  hours a week
//	benefits.*.in_work.hours.stop_share                  [0, 1]  share
//	groups.*.share                                       [0, 1]  share
//	groups.*.job.weekly_hours                            [0, 100]  hours a week
//	groups.*.job.hourly_wage                             [0, 1e+12]  money an hour
//	groups.*.job.monthly_earnings                        [0, 1e+12]  money a month
//	groups.*.benefits.*.share                            [0, 1]  share
//	groups.*.benefits.*.amount                           [0, 1e+12]  money a month
//	groups.*.benefits.*.later[*].from_month              [1, 1200] whole  month
//	groups.*.benefits.*.later[*].share                   [0, 1]  share
//	arms.*.enrolment.months                              (0, 1200]  months
//	arms.*.enrolment.dropout                             [0, 1]  probability a month
//	arms.*.costs.*.payers.*                              [0, 1]  share
//	arms.*.costs.*.amount                                [0, 1e+12]  money a month
//	arms.*.costs.*.months                                (0, 1200]  months
//	arms.*.allowances.*.payers.*                         [0, 1]  share
//	arms.*.allowances.*.amount                           [0, 1e+12]  money a month
//	arms.*.allowances.*.months                           (0, 1200]  months
//	arms.*.effect.points[*].month                        [1, 1200] whole  month
//	arms.*.effect.points[*].difference                   [-1, 1]  difference of shares
//	arms.*.effect.points[*].ever_employed                [-1, 1]  difference of shares
//	arms.*.effect.points[*].mean_share                   [-1, 1]  difference of shares
//	arms.*.effect.points[*].hours                        [-1e+06, 1e+06]  hours
//	arms.*.effect.points[*].earnings                     [-1e+12, 1e+12]  money
//	arms.*.effect.points[*].time_in_work                 [0, 1]  share
//	arms.*.effect.points[*].ramp_months                  [0, 1200] whole  months
//	arms.*.effect.half_life_months                       (0, 12000]  months
//	arms.*.groups.*.employment.initial                   [0, 1]  share
//	arms.*.groups.*.employment.periods[*].from_month     [1, 1200] whole  month
//	arms.*.groups.*.employment.periods[*].job_finding    [0, 1]  probability a month
//	arms.*.groups.*.employment.periods[*].job_loss       [0, 1]  probability a month
//	arms.*.groups.*.employment.points[*].month           [1, 1200] whole  month
//	arms.*.groups.*.employment.points[*].share           [0, 1]  share
//	arms.*.groups.*.employment.points[*].ever_employed   [0, 1]  share
//	arms.*.groups.*.employment.points[*].mean_share      [0, 1]  share
//	arms.*.groups.*.employment.points[*].hours           [0, 1e+06]  hours
//	arms.*.groups.*.employment.points[*].earnings        [0, 1e+12]  money
//	arms.*.groups.*.employment.points[*].time_in_work    [0, 1]  share
//	arms.*.groups.*.employment.points[*].ramp_months     [0, 1200] whole  months
//	arms.*.groups.*.employment.half_life_months          (0, 12000]  months
//	arms.*.groups.*.effect_multiplier                    [0, 100]  multiplier
//	arms.*.groups.*.job.weekly_hours                     [0, 100]  hours a week
//	arms.*.groups.*.job.hourly_wage                      [0, 1e+12]  money an hour
//	arms.*.groups.*.job.monthly_earnings                 [0, 1e+12]  money a month
//	cohort.starts_per_year                               [0, 1e+09]  participants a year
//	cohort.years                                         [0, 100] whole  years
//	uncertainty.correlations[*].rank                     [-1, 1]  rank correlation
//	uncertainty.dirichlet[*].concentration               (0, 1e+09]  concentration
//
// A duration left out (or written as 0) runs the whole horizon, whatever
// the horizon is: its value is the horizon's months. A what-if (-set, a
// distribution, a value of a sensitivity analysis) gives a duration a
// positive number of months.
//
// Money is bounded at 1e12 a month or a year in any currency, which keeps
// every result a finite number. A file is at most 4 MiB (MaxFileSize), one
// YAML document.
//
// # Paths
//
// Every number has a path, the one errors name and the planner's -set uses:
// "arms.ips.groups.under30.employment.half_life_months",
// "taxes.bracket_tax.brackets[1].rate", "discount[0].rate". File.Factors
// lists a loaded scenario's numbers with their paths, values, ranges and
// provenance.
package scenario

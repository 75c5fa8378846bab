(** The root split: a tree of depth at most [k] calls some size [m] at its root, and then the
    reaches of its leaves for output 0, measured below the root, sum to [m/n] over paths of at
    most [k - 1] calls. For every root [m] this check rules that sum out by congruences:
    with [N] a common multiple of [n] and of every candidate product [w], the integers
    [N/w] summed over the paths equal [beta = m N / n]. Modulo [mu], the terms that are not
    multiples of [mu] all belong to one candidate [q]; so [count(q) * (N/q) = beta (mod mu)],
    which either has no solution (the root is ruled out) or forces [count(q) >= r], the least
    solution. Adding [r/q] over distinct [q] then exceeds [m/n]. With prime sizes and [k = 2]
    this is the partial-fractions argument. *)
From Coq Require Import List Arith ZArith QArith Lia Lqa Znumtheory.
From Optimod Require Import Unary Paths Exact Bounds.
Import ListNotations.
Local Open Scope Z_scope.

(** The one candidate whose term is not a multiple of [mu] ([0] when there is none), or
    [None] when two or more are not. [terms] pairs each candidate [w] with [N / w]. *)
Definition lone (mu : Z) (terms : list (Z * Z)) : option Z :=
  match filter (fun e => negb (snd e mod mu =? 0)) terms with
  | [] => Some 0
  | [e] => Some (fst e)
  | _ => None
  end.

Definition terms_of (N : Z) (S : list Z) : list (Z * Z) := map (fun w => (w, N / w)) S.

(** [0, 1, ..., k - 1], counted in binary (a unary [seq] would cost [k^2] to convert). *)
Fixpoint zseq (start : Z) (len : nat) : list Z :=
  match len with O => [] | S l => start :: zseq (Z.succ start) l end.

Definition zrange (k : Z) : list Z := zseq 0 (Z.to_nat k).

Lemma zseq_seq s len : zseq (Z.of_nat s) len = map Z.of_nat (seq s len).
Proof.
  revert s. induction len as [|len IH]; intro s; simpl; [reflexivity|].
  rewrite <- Nat2Z.inj_succ, IH. reflexivity.
Qed.

(** Does count [c] solve [c * alpha = beta (mod mu)]? Given [alpha] and [beta] reduced
    modulo [mu], so that the search below works with small numbers. *)
Definition solves (mu alpha beta c : Z) : bool := (c * alpha - beta) mod mu =? 0.

(** [None]: no count solves the congruence. [Some r]: every count that does is at least [r]
    (the first solution, checked to be the least; [0] if that check fails). *)
Definition count_floor (mu alpha beta : Z) : option Z :=
  match find (solves mu alpha beta) (zrange mu) with
  | None => None
  | Some r => if forallb (fun c => negb (solves mu alpha beta c)) (zrange r) then Some r else Some 0
  end.

Inductive verdict := Ruled_out | Floor (q r : Z) | Nothing.

(** What modulus [mu] says, given [lone mu terms] (which does not depend on the root). *)
Definition modulus_verdict (N beta mu : Z) (lone_q : option Z) : verdict :=
  if mu <=? 0 then Nothing
  else match lone_q with
       | None => Nothing
       | Some q => match count_floor mu ((N / q) mod mu) (beta mod mu) with
                   | None => Ruled_out
                   | Some r => Floor q r
                   end
       end.

Fixpoint nodupb (l : list Z) : bool :=
  match l with
  | [] => true
  | x :: l' => negb (existsb (Z.eqb x) l') && nodupb l'
  end.

Definition floors_of (vs : list verdict) : list (Z * Z) :=
  flat_map (fun v => match v with Floor q r => if 0 <? r then [(q, r)] else [] | _ => [] end) vs.

Definition floor_sum (fl : list (Z * Z)) : Q :=
  sumQ (fun e => (inject_Z (snd e) / inject_Z (fst e))%Q) fl.

Definition verdict_of (N beta : Z) (terms : list (Z * Z)) (mu : Z) : verdict :=
  modulus_verdict N beta mu (lone mu terms).

(** [N] is [fold_right Z.lcm n S]; [lones] pairs each modulus [mu] with [lone mu (terms_of N S)];
    both are computed once for all roots. *)
Definition root_excluded (n m N : Z) (lones : list (Z * option Z)) : bool :=
  let vs := map (fun e => modulus_verdict N (N / n * m) (fst e) (snd e)) lones in
  existsb (fun v => match v with Ruled_out => true | _ => false end) vs
  || (let fl := floors_of vs in
      forallb (fun e => 0 <? fst e) fl && nodupb (map fst fl)
      && negb (Qle_bool (floor_sum fl) (inject_Z m / inject_Z n)%Q)).

Definition root_split_check (n : nat) (G : list nat) (k : nat) (Ms : list Z) : bool :=
  basics n G && (1 <=? k)%nat
  && (let S := prods G (k - 1) in
      let N := fold_right Z.lcm (Z.of_nat n) S in
      let lones := map (fun mu => (mu, lone mu (terms_of N S))) Ms in
      forallb (fun m => root_excluded (Z.of_nat n) (Z.of_nat m) N lones) G).

(** ** Soundness *)

Definition zcount (q : Z) (T : list (list nat)) : Z :=
  zsum (fun p => if pprod p =? q then 1 else 0) T.

Lemma zcount_nonneg q T : 0 <= zcount q T.
Proof. induction T as [|p T IH]; unfold zcount in *; simpl; [lia | destruct (pprod p =? q); lia]. Qed.

Lemma lone_spec N mu S q :
  lone mu (terms_of N S) = Some q -> forall w, In w S -> (N / w) mod mu <> 0 -> w = q.
Proof.
  unfold lone, terms_of. intros E w Hw Hm.
  assert (Hf : In (w, N / w) (filter (fun e => negb (snd e mod mu =? 0)) (map (fun w => (w, N / w)) S))).
  { apply filter_In. split; [exact (in_map (fun w => (w, N / w)) S w Hw)|].
    apply negb_true_iff, Z.eqb_neq. auto. }
  destruct (filter _ _) as [|x [|y l]]; [destruct Hf | | discriminate].
  injection E as <-. destruct Hf as [Hx | []]. subst x. reflexivity.
Qed.

(** Modulo [mu], the sum of the [N/w] is [count(q) * (N/q)]. *)
Lemma congruence N mu q S T :
  mu <> 0 -> (forall w, In w S -> (N / w) mod mu <> 0 -> w = q) ->
  (forall p, In p T -> In (pprod p) S) ->
  (mu | zsum (fun p => N / pprod p) T - zcount q T * (N / q)).
Proof.
  intros Hmu Hq. induction T as [|p T IH]; intro HT; unfold zcount in *; simpl.
  - exists 0. ring.
  - specialize (IH (fun x Hx => HT x (or_intror Hx))).
    destruct (Z.eqb_spec (pprod p) q) as [E | E].
    + rewrite E. replace (N / q + zsum (fun p => N / pprod p) T
                           - (1 + zsum (fun p => if pprod p =? q then 1 else 0) T) * (N / q))
        with (zsum (fun p => N / pprod p) T - zsum (fun p => if pprod p =? q then 1 else 0) T * (N / q))
        by ring. exact IH.
    + assert (Hd : (mu | N / pprod p)).
      { apply Z.mod_divide; auto. destruct (Z.eq_dec ((N / pprod p) mod mu) 0); auto.
        exfalso. apply E, Hq; auto. apply HT. now left. }
      replace (N / pprod p + zsum (fun p => N / pprod p) T
               - (0 + zsum (fun p => if pprod p =? q then 1 else 0) T) * (N / q))
        with (N / pprod p + (zsum (fun p => N / pprod p) T
               - zsum (fun p => if pprod p =? q then 1 else 0) T * (N / q))) by ring.
      now apply Z.divide_add_r.
Qed.

Lemma in_zrange x k : 0 <= x < k -> In x (zrange k).
Proof.
  intro H. unfold zrange. change 0 with (Z.of_nat 0). rewrite zseq_seq.
  replace x with (Z.of_nat (Z.to_nat x)) by lia.
  apply in_map, in_seq. lia.
Qed.

(** A count that solves the congruence is at least the floor, and there is a floor. *)
Lemma count_floor_spec alpha beta mu c :
  0 < mu -> 0 <= c -> (mu | beta - c * alpha) ->
  exists r, count_floor mu (alpha mod mu) (beta mod mu) = Some r /\ r <= c.
Proof.
  intros Hmu Hc Hd.
  assert (Hsol : solves mu (alpha mod mu) (beta mod mu) (c mod mu) = true).
  { unfold solves. apply Z.eqb_eq, Z.mod_divide; [lia|].
    destruct Hd as [z Hz]. rewrite !Z.mod_eq by lia.
    exists (- z - c * (alpha / mu) - c / mu * alpha + mu * (c / mu) * (alpha / mu) + beta / mu).
    replace beta with (z * mu + c * alpha) at 1 by lia. ring. }
  assert (Hr : In (c mod mu) (zrange mu)) by (apply in_zrange; apply Z.mod_pos_bound; lia).
  unfold count_floor. destruct (find (solves mu (alpha mod mu) (beta mod mu)) (zrange mu)) as [r|] eqn:F.
  - destruct (forallb _ (zrange r)) eqn:A; eexists; split; try reflexivity; [|lia].
    destruct (Z_lt_le_dec (c mod mu) r) as [Hlt | Hle].
    + exfalso. rewrite forallb_forall in A.
      assert (In (c mod mu) (zrange r)) by (apply in_zrange; pose proof (Z.mod_pos_bound c mu); lia).
      specialize (A _ H). rewrite Hsol in A. discriminate.
    + pose proof (Z.mod_le c mu Hc Hmu). lia.
  - exfalso. rewrite (find_none _ _ F _ Hr) in Hsol. discriminate.
Qed.

Lemma nodupb_spec l : nodupb l = true -> NoDup l.
Proof.
  induction l as [|x l IH]; simpl; intro H; constructor.
  - apply andb_prop in H as [H _]. apply negb_true_iff in H. intro Hx.
    assert (existsb (Z.eqb x) l = true) by (apply existsb_exists; exists x; split; auto; apply Z.eqb_refl).
    congruence.
  - apply IH. apply andb_prop in H. tauto.
Qed.

Lemma sumQ_zero {A} (f : A -> Q) l : (forall x, In x l -> f x == 0)%Q -> (sumQ f l == 0)%Q.
Proof. intro H. rewrite (sumQ_ext f (fun _ => 0%Q)) by auto. induction l; unfold sumQ in *; simpl; [reflexivity|]. rewrite IHl; [ring|]. intros; apply H; now right. Qed.

Lemma sumQ_plus {A} (f g : A -> Q) l : (sumQ (fun x => f x + g x) l == sumQ f l + sumQ g l)%Q.
Proof. induction l as [|x l IH]; unfold sumQ in *; simpl; [ring | rewrite IH; ring]. Qed.

(** A path is counted under at most one of distinct positive [q]. *)
Lemma one_hit p qs :
  NoDup qs -> (forall q, In q qs -> 0 < q) ->
  (sumQ (fun q => inject_Z (if pprod p =? q then 1 else 0) / inject_Z q) qs <= reach p)%Q.
Proof.
  induction qs as [|q qs IH]; intros Hnd Hpos; unfold sumQ; simpl.
  - unfold reach, Qdiv. rewrite Qmult_1_l. apply Qinv_le_0_compat.
    destruct (Z_le_gt_dec 0 (pprod p)); [|exfalso; pose proof (pprod_nonneg p); lia].
    rewrite Zle_Qle in l. exact l.
  - fold (sumQ (fun q => (inject_Z (if pprod p =? q then 1 else 0) / inject_Z q)%Q) qs).
    inversion Hnd as [|? ? Hq Hnd']; subst.
    destruct (Z.eqb_spec (pprod p) q) as [E | E].
    + rewrite sumQ_zero.
      * unfold reach. rewrite E, Qplus_0_r. apply Qle_refl.
      * intros q' Hq'. destruct (Z.eqb_spec (pprod p) q'); [congruence|]. unfold Qdiv. ring.
    + assert (X : (inject_Z 0 / inject_Z q == 0)%Q) by (unfold Qdiv; ring).
      rewrite X. specialize (IH Hnd' (fun x Hx => Hpos x (or_intror Hx))). lra.
Qed.

Lemma counts_le_sum T qs :
  NoDup qs -> (forall q, In q qs -> 0 < q) ->
  (sumQ (fun q => inject_Z (zcount q T) / inject_Z q) qs <= sumQ reach T)%Q.
Proof.
  intros Hnd Hpos. induction T as [|p T IH].
  - rewrite sumQ_zero; [apply Qle_refl|]. intros q _. unfold zcount, zsum. simpl. unfold Qdiv. ring.
  - unfold zcount. simpl. unfold sumQ at 2. simpl. fold (sumQ reach T).
    rewrite (sumQ_ext _ (fun q => inject_Z (if pprod p =? q then 1 else 0) / inject_Z q
                                  + inject_Z (zcount q T) / inject_Z q)%Q).
    + rewrite sumQ_plus. pose proof (one_hit p qs Hnd Hpos). lra.
    + intros q _. unfold zcount. rewrite inject_Z_plus. unfold Qdiv. ring.
Qed.

Lemma floors_spec N beta S Ms fl :
  fl = floors_of (map (verdict_of N beta S) Ms) ->
  forall e, In e fl -> exists mu, In mu Ms /\ verdict_of N beta S mu = Floor (fst e) (snd e).
Proof.
  intros -> [q r] He. unfold floors_of in He. apply in_flat_map in He as (v & Hv & He).
  apply in_map_iff in Hv as (mu & <- & Hmu). exists mu. split; auto.
  destruct (verdict_of N beta S mu); simpl in He; try tauto.
  destruct (0 <? r0); simpl in He; [|tauto]. destruct He as [E | []]. injection E as -> ->. reflexivity.
Qed.

Lemma verdict_sound N beta S T mu :
  (forall p, In p T -> In (pprod p) S) -> zsum (fun p => N / pprod p) T = beta ->
  verdict_of N beta (terms_of N S) mu <> Ruled_out
  /\ forall q r, verdict_of N beta (terms_of N S) mu = Floor q r -> r <= zcount q T.
Proof.
  intros HT Hsum. unfold verdict_of, modulus_verdict.
  destruct (Z.leb_spec mu 0); [split; [discriminate | discriminate]|].
  destruct (lone mu (terms_of N S)) as [q|] eqn:L; [|split; discriminate].
  pose proof (congruence N mu q S T ltac:(lia) (lone_spec N mu S q L) HT) as Hc.
  rewrite Hsum in Hc.
  destruct (count_floor_spec (N / q) beta mu (zcount q T) ltac:(lia) (zcount_nonneg q T) Hc) as (r & E & Hr).
  rewrite E. split; [discriminate|]. intros q' r' F. injection F as <- <-. exact Hr.
Qed.

Lemma root_excluded_sound (n m : Z) S Ms G T :
  0 < n -> sizes_ok G = true ->
  (forall p, In p T -> incl p G /\ In (pprod p) S) ->
  (sumQ reach T == inject_Z m / inject_Z n)%Q ->
  root_excluded n m (fold_right Z.lcm n S)
    (map (fun mu => (mu, lone mu (terms_of (fold_right Z.lcm n S) S))) Ms) = true -> False.
Proof.
  intros Hn HG HT Hsum. unfold root_excluded.
  set (N := fold_right Z.lcm n S). set (beta := N / n * m).
  assert (HN : forall w, In w S -> (w | N)) by (intros; apply lcm_fold_divides; now right).
  assert (HnN : (n | N)) by (apply lcm_fold_divides; now left).
  assert (Hbeta : zsum (fun p => N / pprod p) T = beta).
  { apply inject_Z_injective.
    rewrite <- (scaled_sum G T N HG) by (intros p Hp; destruct (HT p Hp); split; auto).
    rewrite Hsum. destruct HnN as [c Hc]. unfold beta. rewrite Hc, Z.div_mul by lia.
    rewrite !inject_Z_mult. field. now apply inject_Z_nonzero. }
  assert (HS : forall p, In p T -> In (pprod p) S) by (intros; now apply HT).
  intro Hc. cbv zeta in Hc. rewrite map_map in Hc. cbn [fst snd] in Hc.
  apply orb_prop in Hc as [Hr | Hc].
  - apply existsb_exists in Hr as (v & Hv & Hr). apply in_map_iff in Hv as (mu & <- & _).
    destruct (verdict_sound N beta S T mu HS Hbeta) as [H _].
    unfold verdict_of in H. destruct (modulus_verdict N beta mu (lone mu (terms_of N S))); try discriminate. auto.
  - set (fl := floors_of (map (verdict_of N beta (terms_of N S)) Ms)) in Hc.
    apply andb_prop in Hc as [Hc Hle]. apply andb_prop in Hc as [Hpos Hnd].
    apply negb_true_iff in Hle. apply nodupb_spec in Hnd. rewrite forallb_forall in Hpos.
    assert (Hfl : (floor_sum fl <= sumQ reach T)%Q).
    { apply Qle_trans with (sumQ (fun q => inject_Z (zcount q T) / inject_Z q)%Q (map fst fl)).
      - rewrite sumQ_map. apply sumQ_le. intros [q r] He.
        destruct (floors_spec N beta (terms_of N S) Ms fl eq_refl _ He) as (mu & _ & V).
        destruct (verdict_sound N beta S T mu HS Hbeta) as [_ H]. specialize (H _ _ V).
        specialize (Hpos _ He). apply Z.ltb_lt in Hpos. simpl in *.
        unfold Qdiv. apply Qmult_le_compat_r; [now rewrite <- Zle_Qle|].
        apply Qinv_le_0_compat. apply Qlt_le_weak, inject_Z_pos. lia.
      - apply counts_le_sum; auto. intros q Hq. apply in_map_iff in Hq as ([q' r] & <- & He).
        specialize (Hpos _ He). apply Z.ltb_lt in Hpos. exact Hpos. }
    rewrite Hsum in Hfl. apply Qle_bool_iff in Hfl. unfold fl, verdict_of in Hfl. cbv beta in Hfl.
    congruence.
Qed.

Lemma paths_of_call m ts :
  leaf_paths (Call m ts) 0 = map (cons m) (flat_map (fun u => leaf_paths u 0) ts).
Proof.
  simpl. induction ts as [|u ts IH]; simpl; [reflexivity|]. rewrite IH, map_app. reflexivity.
Qed.

Theorem root_split_sound n G k Ms :
  root_split_check n G k Ms = true -> forall t, Exact n G t -> (k < depth t)%nat.
Proof.
  unfold root_split_check. intros Hc t Ht.
  apply andb_prop in Hc as [Hc Hroots]. apply andb_prop in Hc as [Hb Hk].
  destruct (basics_spec _ _ Hb) as [Hn HG]. apply Nat.leb_le in Hk.
  cbv zeta in Hroots. rewrite forallb_forall in Hroots.
  destruct (Nat.lt_ge_cases k (depth t)) as [|Hd]; auto. exfalso.
  destruct t as [j | m ts].
  - destruct Ht as [_ Hp]. set (i := if Nat.eqb j 0 then 1%nat else 0%nat).
    assert (Hi : (i < n)%nat) by (unfold i; destruct (Nat.eqb j 0); lia).
    specialize (Hp i Hi). simpl in Hp.
    assert (Hji : Nat.eqb j i = false) by (unfold i; destruct (Nat.eqb_spec j 0); apply Nat.eqb_neq; lia).
    rewrite Hji in Hp.
    assert (0 < 1 / inject_Z (Z.of_nat n))%Q.
    { unfold Qdiv. rewrite Qmult_1_l. apply Qinv_lt_0_compat, inject_Z_pos. lia. }
    lra.
  - assert (Hm : In m G) by (destruct Ht as [[Hm _] _]; exact Hm).
    pose proof (sizes_pos G m HG Hm) as Hm0.
    set (T := flat_map (fun u => leaf_paths u 0) ts).
    assert (HP : forall p, In p T -> In (m :: p) (leaf_paths (Call m ts) 0)).
    { intros p Hp. rewrite paths_of_call. now apply in_map. }
    apply (root_excluded_sound (Z.of_nat n) (Z.of_nat m) (prods G (k - 1)) Ms G T); auto; [lia| |].
    + intros p Hp. destruct (exact_paths n G _ Hn HG Ht (m :: p) (HP p Hp)) as [Hincl Hlen].
      assert (incl p G) by (intros x Hx; apply Hincl; now right).
      split; auto. apply prods_complete; auto. simpl in Hlen, Hd. lia.
    + pose proof (exact_sum n G _ Hn HG Ht) as S. rewrite paths_of_call, sumQ_map in S. fold T in S.
      rewrite (sumQ_ext _ (fun p => reach p / inject_Z (Z.of_nat m))%Q) in S.
      * rewrite <- sumQ_div in S. 
        assert (Hm' : ~ inject_Z (Z.of_nat m) == 0) by (apply inject_Z_nonzero; lia).
        assert (E : (sumQ reach T == (sumQ reach T / inject_Z (Z.of_nat m)) * inject_Z (Z.of_nat m))%Q)
          by (field; exact Hm').
        rewrite E, S. field. apply inject_Z_nonzero. lia.
      * intros p _. unfold reach, Qdiv. simpl pprod. rewrite inject_Z_mult, Qinv_mult_distr. ring.
Qed.

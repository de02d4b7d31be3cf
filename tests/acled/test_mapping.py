"""The ACLED mapping rules, on hand-written records in ACLED's two schemas (not ACLED rows)."""

from __future__ import annotations

from civicspace.acled.mapping import MappedEvent, actor_perpetrators, actor_targets, map_event


def _row(**kw: str) -> dict[str, str]:
    base = {
        "event_type": "",
        "sub_event_type": "",
        "actor1": "",
        "actor2": "",
        "assoc_actor_1": "",
        "assoc_actor_2": "",
        "notes": "",
        "fatalities": "0",
    }
    base.update(kw)
    return base


def test_peaceful_protest_is_not_an_incident() -> None:
    ev = map_event(
        _row(
            event_type="Protests",
            sub_event_type="Peaceful protest",
            notes="Teachers marched to demand higher pay.",
        )
    )
    assert ev.is_incident is False


def _peaceful(notes: str) -> MappedEvent:
    return map_event(
        _row(
            event_type="Protests",
            sub_event_type="Peaceful protest",
            actor1="Protesters (Ruritania)",
            assoc_actor_1="Teachers (Ruritania)",
            notes=notes,
        )
    )


def test_peaceful_protest_the_state_obstructed_is_a_disruption() -> None:
    # acled-mapping: the codebook's protest_disruption, "a protest banned, prevented, dispersed,
    # kettled, or organisers blocked", whatever ACLED's sub-event type
    for notes in (
        "On 3 May, teachers held a rally in the capital. Police stopped the march from "
        "reaching the parliament.",
        "Teachers gathered in the square. The security forces barricaded the road and did not "
        "allow the protest to go on.",
        "Nurses rallied for pay; officers intercepted the procession near the ministry.",
        "Riot police dispersed the demonstrators outside the town hall.",
    ):
        ev = _peaceful(notes)
        assert ev.is_incident, notes
        assert ev.rule == "peaceful protest obstructed by the state"
        assert "protest_disruption" in ev.violations
        assert "protesters" in ev.targets
        assert "police" in ev.perpetrators


def test_peaceful_protest_obstruction_needs_the_state_acting_on_the_protest() -> None:
    for notes in (
        # the police act as the grievance
        "Drivers protested against police forces for stopping the collection of a welfare fund.",
        "Traders marched over the police blocking the market road.",
        # the organisers' claim alone
        "Party members claimed that police foiled their demonstration.",
        # the police stop someone else
        "A youth wing tried to disrupt the protest, but the police stopped them.",
        # no state force, or the protesters dispersing on their own
        "Members of the ruling party stopped the teachers from joining the human chain.",
        "The crowd dispersed after the army assured them of an inquiry.",
        "Police were present but did not engage the group.",
    ):
        ev = _peaceful(notes)
        assert ev.is_incident is False, notes
        assert ev.rule == "peaceful protest"


def _old_schema(notes: str) -> MappedEvent:
    return map_event(
        _row(event_type="Riots/Protests", actor1="Protesters (Ruritania)", notes=notes)
    )


def test_protest_whose_participants_were_arrested_is_an_incident() -> None:
    # acled-mapping-two: the codebook's protest "becomes [an incident] when ... its participants
    # are arrested"; an arrest is a state act whether or not the notes name the police
    for notes in (
        "Some 80 members of the Farmers' Front were arrested for staging a sit-in at the mill.",
        "Opposition leaders marched towards the governor's house; 25 of them were taken into "
        "custody.",
        "Nurses blocked the highway for two hours and were later detained.",
        "The union's secretary was detained along with 40 workers after the march.",
        "Tension prevailed as the crowd tried to enter the office, forcing the cops to arrest "
        "120 of them.",
    ):
        for ev in (_old_schema(notes), _peaceful(notes)):
            assert ev.is_incident, notes
            assert ev.rule == "protest, participants arrested"
            assert "arrest_detention" in ev.violations and "protesters" in ev.targets
            assert ev.perpetrators == {"police"}  # no agent named: the police
    ev = map_event(
        _row(
            event_type="Riots",
            sub_event_type="Violent demonstration",
            actor1="Rioters (Ruritania)",
            notes="Students pelted stones at the school gate. Twelve students were arrested.",
        )
    )
    assert ev.is_incident and ev.rule == "protest, participants arrested"
    # an agent the notes name is kept
    assert _peaceful("Drivers struck over fuel prices. Police arrested six of them.").rule == (
        "protest, participants arrested"
    )


def test_arrests_not_of_the_protest_are_not_an_incident() -> None:
    for notes in (
        # the arrest as the grievance or its backstory
        "Students protested against the arrest of 12 classmates.",
        "Relatives of detainees who were arrested last year rallied outside the prison.",
        "Parents camped outside the court; the school owner was arrested after the collapse.",
        # a crime, an arsonist, a denial, what locals say
        "Villagers protested after 3 robbers were arrested and later released.",
        "Youths rallied; two suspects were arrested for the murder of a trader.",
        "Buses were torched and one man was arrested while trying to set fire to a car.",
        "Traders marched peacefully. No one was arrested.",
        "Locals said 10 youths were arrested by forces at night.",
        # a fight between parties or communities
        "Supporters of two parties clashed in the market; eight people were arrested.",
        # an arrest only asked for
        "Women marched demanding that police arrest the killers.",
    ):
        assert _old_schema(notes).is_incident is not True, notes
        assert _peaceful(notes).is_incident is not True, notes


def test_protest_with_intervention() -> None:
    ev = map_event(
        _row(
            event_type="Protests",
            sub_event_type="Protest with intervention",
            actor1="Protesters (Kenya)",
            assoc_actor_1="Students (Kenya)",
            actor2="Police Forces of Kenya (2013-)",
            notes="Police dispersed students and arrested five of them.",
        )
    )
    assert ev.is_incident
    assert {"protest_disruption", "arrest_detention"} <= ev.violations
    assert {"protesters", "students_academics"} <= ev.targets
    assert "police" in ev.perpetrators
    assert "peaceful_assembly" in ev.freedoms


def test_grievance_is_not_the_event() -> None:
    ev = map_event(
        _row(
            event_type="Riots/Protests",
            actor1="Protesters (India)",
            notes="Party members protested demanding the arrest of the minister.",
        )
    )
    assert ev.is_incident is False


def test_riot_met_with_tear_gas() -> None:
    ev = map_event(
        _row(
            event_type="Riots",
            sub_event_type="Violent demonstration",
            actor1="Rioters (Kenya)",
            actor2="Police Forces of Kenya (2013-)",
            notes="Youths blocked the road; police fired tear gas to disperse them.",
        )
    )
    assert ev.is_incident and "excessive_force" in ev.violations


def test_riot_response_told_as_the_grievance_is_no_intervention() -> None:
    # acled-seven: the state's act the protest is against, or its failure to act, is no
    # response at this event; a response told of the event still is
    for notes in (
        "Congress observed a bandh protesting against Monday's police lathicharge on the workers.",
        "Farmers protested against the Kerala police for trying to stop the officials.",
        "A thousand drivers staged a protest against Gurgaon traffic police for arresting a driver.",
        "Residents protested against Westridge police for its failure to arrest the robbers.",
        "The party held a protest against the police's failure in arresting the killers.",
        "Families demonstrated for the release of people arrested by the police last month.",
        "Rioters set fire to a bus during their blockade against the prior clashes between "
        "opposition parties and police forces.",
        "Leaders condemned the police action at the rally.",
    ):
        assert _old_schema(notes).is_incident is not True, notes
    for notes in (
        "Youths protesting against the new constitution clashed with the police.",
        "Traders blocked the highway for over four hours, forcing police to fire teargas to "
        "disperse them.",
        "Workers protested over unpaid wages; police fired tear gas to disperse them.",
        "Students marched against the fee hike and police baton-charged them.",
    ):
        assert _old_schema(notes).is_incident is True, notes


def _attack(notes: str, victims: str = "Students (Kenya)") -> MappedEvent:
    return map_event(
        _row(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            actor1="Unidentified Armed Group (Kenya)",
            actor2=victims,
            notes=notes,
        )
    )


def test_students_are_a_civic_target_only_in_a_protest_or_for_their_speech() -> None:
    # acled-seven: the mapping's "students/teachers in a protest context" (module docstring)
    for notes in (
        "Armed robbers kill three, including a 14-year-old student.",
        "Bandits shot dead two schoolchildren while raiding livestock.",
        "Militants attacked a school, killing three teachers.",
    ):
        assert _attack(notes).is_incident is False, notes
    for notes in (
        "Police shot a student protesting the deaths of activists.",  # the grievance cut, not the protest
        "Gunmen attacked students marching against the fee hike.",
        "Unknown men beat a student for his Facebook posts criticising the governor.",
    ):
        ev = _attack(notes)
        assert ev.is_incident is True and "students_academics" in ev.targets, notes
    # another protected group among the victims still decides
    assert _attack(
        "Youths beat two journalists.", "Journalists (Kenya); Students (Kenya)"
    ).is_incident


def test_attack_on_journalist_but_not_on_civilians() -> None:
    hit = map_event(
        _row(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            actor1="Unidentified Armed Group (Kenya)",
            actor2="Civilians (Kenya)",
            assoc_actor_2="Journalists (Kenya)",
            fatalities="1",
            notes="Gunmen shot dead a radio journalist at his home.",
        )
    )
    assert hit.is_incident and {"attack", "killing"} <= hit.violations
    assert "journalists" in hit.targets
    crime = map_event(
        _row(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            actor1="Unidentified Armed Group (Kenya)",
            actor2="Civilians (Kenya)",
            notes="Robbers stabbed a shopkeeper during a robbery.",
        )
    )
    assert crime.is_incident is False


def test_battles_are_not_incidents() -> None:
    ev = map_event(
        _row(
            event_type="Battles",
            sub_event_type="Armed clash",
            notes="Soldiers clashed with militants; 4 killed.",
            fatalities="4",
        )
    )
    assert ev.is_incident is False


def test_actor_helpers() -> None:
    assert actor_targets("Labour Group (Bangladesh)") == {"trade_unionists"}
    assert "political_opposition" in actor_targets("BNP: Bangladesh Nationalist Party")
    assert actor_perpetrators("Police Forces of India (2014-)") == {"police"}
    assert actor_perpetrators("Military Forces of Myanmar (2016-)") == {"military"}


def test_mob_party_must_be_the_victims() -> None:
    """acled-three: a party among the rioters' actors is the attackers', not the target."""
    by_party = _row(
        event_type="Riots",
        sub_event_type="Mob violence",
        actor1="Rioters (Bangladesh)",
        assoc_actor_1="AL: Bangladesh Awami League",
        notes="Supporters of Awami League vandalized 5 shops in the union market.",
    )
    assert map_event(by_party).is_incident is None
    on_police = dict(
        by_party,
        actor1="Rioters (Kenya)",
        assoc_actor_1="NASA: National Super Alliance",
        actor2="Police Forces of Kenya (2013-)",
        notes="Rioters threw stones at a police station, injuring an officer.",
    )
    assert map_event(on_police).is_incident is False
    on_party = dict(
        by_party,
        actor1="Rioters (Kenya)",
        assoc_actor_1="",
        actor2="Civilians (Kenya)",
        assoc_actor_2="ODM: Orange Democratic Movement",
        notes="Youths pelt ODM rally attendees with stones, injuring several.",
    )
    ev = map_event(on_party)
    assert ev.is_incident is True and "political_opposition" in ev.targets
    victims_first = dict(
        by_party,
        actor1="Civilians (Bangladesh)",
        assoc_actor_1="BNP: Bangladesh Nationalist Party",
        notes="Members of Awami League assaulted and injured two members of BNP.",
    )
    ev = map_event(victims_first)
    assert ev.is_incident is True and ev.rule == "mob attack on party"

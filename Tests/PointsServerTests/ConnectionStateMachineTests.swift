import NIOCore
@testable import PointsServer
import PointsProtocol
import Testing

/// The connection's state as a value: events in, decisions out. No channel, no clock.
@Suite struct ConnectionStateMachineTests {
    private let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func machine(maxCalls: Int = 2) -> ConnectionStateMachine {
        var machine = ConnectionStateMachine(maxCalls: maxCalls, maxAuthenticationFailures: 3, idleTimeout: .seconds(10), now: t0)
        let opened = machine.prefaceReceived(now: t0)
        #expect(opened)
        return machine
    }

    private func serial(_ admission: ConnectionStateMachine.Admission) -> UInt64? {
        if case .start(let serial) = admission { return serial }
        return nil
    }

    @Test func anExpiredCallKeepsItsSlotUntilItsWorkEnds() throws {
        var machine = self.machine(maxCalls: 1)
        let firstAdmission = machine.admit(callID: 1, method: "ScoreBatch", agency: "a", started: t0, waits: true, working: true)
        let first = try #require(serial(firstAdmission))
        let expired = machine.answer(callID: 1, serial: first, now: t0)
        #expect(expired?.working == true, "the deadline answers it")
        let refused = machine.admit(callID: 2, method: "ScoreBatch", agency: "a", started: t0, waits: true, working: true)
        #expect(refused == .refuse(RPCError(.resourceExhausted, "more than 1 calls in flight on this connection; wait for answers")))
        machine.workEnded(callID: 1, serial: first)
        #expect(machine.slotsInUse == 0)
        let next = machine.admit(callID: 2, method: "ScoreBatch", agency: "a", started: t0, waits: true, working: true)
        #expect(serial(next) != nil)
    }

    @Test func lateWorkOfAnOldCallNeverAnswersANewCallWithTheSameID() throws {
        var machine = self.machine()
        let oldAdmission = machine.admit(callID: 5, method: "ScoreBatch", agency: "a", started: t0, waits: true, working: true)
        let old = try #require(serial(oldAdmission))
        _ = machine.answer(callID: 5, serial: old, now: t0)  // deadline
        let newAdmission = machine.admit(callID: 5, method: "Score", agency: "a", started: t0, waits: true, working: false)
        let new = try #require(serial(newAdmission))
        machine.workEnded(callID: 5, serial: old)
        let late = machine.answer(callID: 5, serial: old, now: t0)
        #expect(late == nil, "the old work's result is dropped")
        #expect(machine.isWaiting(callID: 5, serial: new))
        let current = machine.answer(callID: 5, serial: new, now: t0)
        #expect(current?.serial == new)
        #expect(machine.slotsInUse == 0)
    }

    @Test func anIDInFlightIsKnownAndACancelAnswersOnce() throws {
        var machine = self.machine()
        let admitted = machine.admit(callID: 7, method: "Score", agency: "a", started: t0, waits: true, working: false)
        _ = try #require(serial(admitted))
        #expect(machine.isInFlight(callID: 7) && !machine.isInFlight(callID: 8))
        let cancelled = machine.answer(callID: 7, serial: nil, now: t0)
        #expect(cancelled != nil)
        let again = machine.answer(callID: 7, serial: nil, now: t0)
        #expect(again == nil)
    }

    @Test func idlenessCountsFramesAndAnswers() throws {
        var machine = self.machine()
        #expect(machine.idleCheck(now: t0 + .seconds(5)) == .checkAgain(at: t0 + .seconds(10)))
        let callAdmission = machine.admit(callID: 1, method: "ScoreBatch", agency: "a", started: t0, waits: true, working: true)
        let call = try #require(serial(callAdmission))
        #expect(machine.idleCheck(now: t0 + .seconds(10)) == .checkAgain(at: t0 + .seconds(20)), "a call in flight is not idleness")
        _ = machine.answer(callID: 1, serial: call, now: t0 + .seconds(15))
        #expect(machine.idleCheck(now: t0 + .seconds(20)) == .checkAgain(at: t0 + .seconds(25)), "the answer restarts the clock")
        #expect(machine.idleCheck(now: t0 + .seconds(25)) == .goAway)
    }

    @Test func goingAwayRefusesNewCallsAndDrains() throws {
        var machine = self.machine()
        let callAdmission = machine.admit(callID: 3, method: "ScoreBatch", agency: "a", started: t0, waits: true, working: true)
        let call = try #require(serial(callAdmission))
        let said = machine.goAway()
        let goAway = try #require(said)
        #expect(goAway.sendGoAway && !goAway.closeNow && machine.lastCallID == 3)
        let secondGoAway = machine.goAway()
        #expect(secondGoAway == nil)
        let refused = machine.admit(callID: 4, method: "Health", agency: "a", started: t0, waits: false, working: false)
        #expect(refused == .refuse(RPCError(.unavailable, "the server is shutting down; reconnect")))
        #expect(!machine.isDrained)
        _ = machine.answer(callID: 3, serial: call, now: t0)
        #expect(machine.isDrained)
        let first = machine.close(), second = machine.close()
        #expect(first && !second)
    }

    @Test func repeatedAuthenticationFailuresCloseTheConnection() {
        var machine = self.machine()
        let one = machine.authenticationFailed()
        let two = machine.authenticationFailed()
        let three = machine.authenticationFailed()
        #expect(!one && !two && three)
    }
}
